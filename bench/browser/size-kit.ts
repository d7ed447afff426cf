// The page a host writes to use the elements: nothing but the package import (aliased to
// src/index.ts by bench/browser.bench.ts). No PDF: the PDF module is never imported here.
import 'cpq-kit';
