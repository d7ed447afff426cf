import type { Strings } from '../i18n.js';

export type Key =
  | 'heading' | 'customer' | 'customerName' | 'customerId' | 'pick' | 'noCustomer' | 'priceBook' | 'listPrices' | 'currency'
  | 'date' | 'validUntil' | 'paymentTerms' | 'paymentDays' | 'notes' | 'terms' | 'byService' | 'chars' | 'customerSet';

export const strings: Strings<Key> = {
  'zh-CN': {
    heading: '报价信息', customer: '客户', customerName: '客户名称', customerId: '客户编号', pick: '从客户列表选择…', noCustomer: '未指定客户',
    priceBook: '价格表', listPrices: '目录价（不用价格表）', currency: '币种', date: '报价日期', validUntil: '有效期至',
    paymentTerms: '付款条件', paymentDays: '账期（天）', notes: '备注（打印在报价单上）', terms: '条款与条件（打印在报价单上）',
    byService: '由报价服务确定', chars: '最多 {max} 个字符', customerSet: '客户已设为 {name}',
  },
  en: {
    heading: 'Quote details', customer: 'Customer', customerName: 'Customer name', customerId: 'Customer account number', pick: 'Choose from your accounts…', noCustomer: 'No customer yet',
    priceBook: 'Price book', listPrices: 'List prices (no price book)', currency: 'Currency', date: 'Quote date', validUntil: 'Valid until',
    paymentTerms: 'Payment terms', paymentDays: 'Days net', notes: 'Notes (printed on the quote)', terms: 'Terms and conditions (printed on the quote)',
    byService: 'set by the quote service', chars: 'At most {max} characters', customerSet: 'Customer set to {name}',
  },
};
