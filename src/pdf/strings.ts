/**
 * The words a quote document prints around the data, in the two languages the kit writes.
 * `{name}` slots are filled with `fill` from core/text.
 */
export interface PdfLabels {
  title: string;
  quoteNo: string;
  version: string;
  date: string;
  validUntil: string;
  buyer: string;
  seller: string;
  address: string;
  taxId: string;
  contact: string;
  phone: string;
  email: string;
  bank: string;
  colNo: string;
  colSku: string;
  colName: string;
  colQty: string;
  colUnit: string;
  colList: string;
  colDiscount: string;
  /** Under an entered discount, the effective one when it differs (`{percent}`: "6.9%"). */
  effectiveDiscount: string;
  colNet: string;
  /** The unit-price columns of a 含税 catalog, whose prices include tax. */
  colListInclusive: string;
  colNetInclusive: string;
  /** Amount column header; `{basis}` is the tax basis. */
  colAmount: string;
  basisExclusive: string;
  basisInclusive: string;
  currency: string;
  optional: string;
  included: string;
  optionalNote: string;
  /** Subscriptions (issue 16): an existing subscription shown on an amendment, a credit, and a line's service period. */
  locked: string;
  credit: string;
  period: (start: string, end: string, counted: string) => string;
  subtotal: string;
  otherGroup: string;
  totalList: string;
  totalDiscount: string;
  totalNet: string;
  /** 含税: the first total, the sum of the amount column (tax included). */
  totalInclusive: string;
  /** 含税: the discount, which the priced quote gives before tax. */
  totalDiscountExclusive: string;
  /** 含税: the amount before tax. */
  totalNetInclusive: string;
  /** A tax line without a name; `{rate}` in percent points. */
  taxRate: string;
  /** The tax base shown after a tax line's name. */
  taxBase: string;
  /** The sum of the tax lines. */
  totalTax: string;
  totalGross: string;
  inWords: string;
  terms: string;
  paymentTerms: string;
  /** The quote's notes to the customer. */
  notes: string;
  validity: string;
  /** Default validity text; `{date}` is the quote's validUntil. */
  validityUntil: string;
  signatures: string;
  signBuyer: string;
  signSeller: string;
  signName: string;
  signDate: string;
  seal: string;
  /** Footer; `{page}` and `{pages}`. */
  pageOf: string;
  draft: string;
  /** Units of a line's term after the quantity (× 12 个月), by the catalog's term unit. */
  termUnits: Record<string, string>;
  /** Separates "name: value" pairs in a specification. */
  specSeparator: string;
  /** Between a field's label and its value. */
  colon: string;
}

const ZH: PdfLabels = {
  title: '报价单',
  quoteNo: '报价单号',
  version: '版本',
  date: '报价日期',
  validUntil: '有效期至',
  buyer: '客户（甲方）',
  seller: '报价方（乙方）',
  address: '地址',
  taxId: '纳税人识别号',
  contact: '联系人',
  phone: '电话',
  email: '邮箱',
  bank: '开户行及账号',
  colNo: '序号',
  colSku: '编码',
  colName: '名称 / 规格',
  colQty: '数量',
  colUnit: '单位',
  colList: '目录单价',
  colDiscount: '折扣',
  effectiveDiscount: '实际 {percent}',
  colNet: '成交单价',
  colListInclusive: '含税目录单价',
  colNetInclusive: '含税成交单价',
  colAmount: '金额（{basis}）',
  basisExclusive: '不含税',
  basisInclusive: '含税',
  currency: '币种',
  optional: '可选',
  included: '已含',
  locked: '现有订阅，不计费',
  credit: '贷项',
  period: (start, end, counted) => `服务期 ${start} 至 ${end}，按 ${counted} 计`,
  optionalNote: '标注“可选”的项目为可选报价，未计入合计。',
  subtotal: '小计',
  otherGroup: '其他',
  totalList: '目录价合计（不含税）',
  totalDiscount: '折扣',
  totalNet: '合计（不含税）',
  totalInclusive: '金额合计（含税）',
  totalDiscountExclusive: '折扣（不含税）',
  totalNetInclusive: '不含税金额',
  taxRate: '增值税 {rate}%',
  taxBase: '计税金额 {base}',
  totalTax: '税额合计',
  totalGross: '价税合计',
  inWords: '大写金额',
  terms: '条款与条件',
  paymentTerms: '付款方式',
  notes: '备注',
  validity: '报价有效期',
  validityUntil: '本报价有效期至 {date}。',
  signatures: '确认与签署',
  signBuyer: '甲方',
  signSeller: '乙方',
  signName: '授权代表（签字）',
  signDate: '日期',
  seal: '（盖章）',
  pageOf: '第 {page} 页 / 共 {pages} 页',
  draft: '草稿：本报价存在错误，尚不能下单',
  termUnits: { month: '个月', year: '年', day: '天' },
  specSeparator: '；',
  colon: '：',
};

const EN: PdfLabels = {
  title: 'Quotation',
  quoteNo: 'Quote no.',
  version: 'Version',
  date: 'Date',
  validUntil: 'Valid until',
  buyer: 'Customer',
  seller: 'Supplier',
  address: 'Address',
  taxId: 'Tax ID',
  contact: 'Contact',
  phone: 'Phone',
  email: 'Email',
  bank: 'Bank account',
  colNo: 'No.',
  colSku: 'SKU',
  colName: 'Description',
  colQty: 'Qty',
  colUnit: 'Unit',
  colList: 'List price',
  colDiscount: 'Disc.',
  effectiveDiscount: 'eff. {percent}',
  colNet: 'Net price',
  colListInclusive: 'List price (incl. tax)',
  colNetInclusive: 'Net price (incl. tax)',
  colAmount: 'Amount ({basis})',
  basisExclusive: 'excl. tax',
  basisInclusive: 'incl. tax',
  currency: 'Currency',
  optional: 'Optional',
  included: 'Included',
  locked: 'Existing, not charged',
  credit: 'Credit',
  period: (start, end, counted) => `Service ${start} to ${end}, charged for ${counted}`,
  optionalNote: 'Items marked Optional are offered as options and are not included in the totals.',
  subtotal: 'Subtotal',
  otherGroup: 'Other',
  totalList: 'List total (excl. tax)',
  totalDiscount: 'Discount',
  totalNet: 'Net total (excl. tax)',
  totalInclusive: 'Total of amounts (incl. tax)',
  totalDiscountExclusive: 'Discount (excl. tax)',
  totalNetInclusive: 'Net of tax',
  taxRate: 'Tax {rate}%',
  taxBase: 'on {base}',
  totalTax: 'Total tax',
  totalGross: 'Total (incl. tax)',
  inWords: 'Amount in words',
  terms: 'Terms and conditions',
  paymentTerms: 'Payment terms',
  notes: 'Notes',
  validity: 'Validity',
  validityUntil: 'This quotation is valid until {date}.',
  signatures: 'Acceptance',
  signBuyer: 'For the customer',
  signSeller: 'For the supplier',
  signName: 'Signature, name and title',
  signDate: 'Date',
  seal: '(company seal)',
  pageOf: 'Page {page} of {pages}',
  draft: 'DRAFT: this quote has errors and cannot be ordered yet',
  termUnits: { month: 'months', year: 'years', day: 'days' },
  specSeparator: '; ',
  colon: ': ',
};

/** The labels for a locale: Chinese for any `zh` tag, English otherwise. */
export function labelsFor(locale: string): PdfLabels {
  return locale.toLowerCase().startsWith('zh') ? ZH : EN;
}
