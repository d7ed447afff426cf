// A page that imports exactly the bindings the kit imports from one group of its dependencies
// (lit + @lit/context, or decimal.js + json-logic-js): bench/browser.bench.ts generates the
// module from the kit's own build, so the group is measured the same way as the kit.
import 'virtual:cpq-bench-peer';
