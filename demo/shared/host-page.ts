// What the React and Vue host pages share: their strings and the app bar's links. Each
// framework renders them its own way.
import type { Table } from './i18n.js';

export const NAV_LINKS = [
  { href: './index.html', key: 'navCrm' },
  { href: './portal.html', key: 'navPortal' },
  { href: './react.html', key: 'navReact' },
  { href: './vue.html', key: 'navVue' },
] as const;

export const LANGUAGES = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
] as const;

export const hostStrings: Table = {
  'zh-CN': {
    titleReact: 'React 19 宿主 · cpq-kit 演示',
    titleVue: 'Vue 3 宿主 · cpq-kit 演示',
    headingReact: 'React 19 中的 cpq-kit',
    headingVue: 'Vue 3 中的 cpq-kit',
    introReact: '由 React 19 渲染（react-dom/client，React.createElement）：catalog 与 quote 作为属性传入，oncpq-quote-change 监听事件并把新报价写回 React 状态。',
    introVue: '由 Vue 3 渲染函数 h() 渲染（仅运行时构建，无模板编译器）：.catalog / .quote 作为属性绑定，onCpqQuoteChange 监听事件并把新报价写回 ref。',
    lastEvent: '最近一次 cpq-quote-change：{count} 次，总额 {total}',
    noEvent: '尚未收到 cpq-quote-change 事件',
    products: '产品', configure: '配置', lines: '报价明细', summary: '报价汇总', fields: '报价信息',
  },
  en: {
    titleReact: 'React 19 host · cpq-kit demo',
    titleVue: 'Vue 3 host · cpq-kit demo',
    headingReact: 'cpq-kit in React 19',
    headingVue: 'cpq-kit in Vue 3',
    introReact: 'Rendered by React 19 (react-dom/client, React.createElement): catalog and quote are passed as properties; oncpq-quote-change listens to the event and writes the new quote back into React state.',
    introVue: 'Rendered by Vue 3 render functions h() (runtime-only build, no template compiler): .catalog / .quote bound as properties; onCpqQuoteChange listens to the event and writes the new quote back into a ref.',
    lastEvent: 'cpq-quote-change received {count} time(s), total {total}',
    noEvent: 'No cpq-quote-change event yet',
    products: 'Products', configure: 'Configure', lines: 'Quote lines', summary: 'Quote summary', fields: 'Quote details',
  },
};
