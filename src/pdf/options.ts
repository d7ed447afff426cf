import type { Lifecycle } from '../quote/lifecycle-types.js';
import type { AttachmentMode } from './customer-copy.js';
import type { DocumentStatus } from './document-status.js';

/** A party to the quote as the document prints it. */
export interface QuoteParty {
  /** Company name; printed in bold, also in the signature block. */
  name: string;
  address?: string;
  /** 纳税人识别号 / VAT or tax registration number. */
  taxId?: string;
  /** Contact person. */
  contact?: string;
  phone?: string;
  email?: string;
  /** 开户行及账号 / bank and account, as Chinese quotes print them. */
  bank?: string;
}

/** The seller, who may also have a logo. */
export interface QuoteSeller extends QuoteParty {
  /** PNG or JPEG bytes, drawn at the top left (at most 44 pt high, 150 pt wide). */
  logo?: Uint8Array | ArrayBuffer;
}

/** One signature block: a title, the party's name, lines to sign and date, a seal area. */
export interface SignatureBlock {
  /** e.g. "甲方" or "For the customer". */
  title: string;
  /** Printed under the title; usually the company name. */
  party?: string;
  /** Draws a round area for a company seal (公章); default true. */
  seal?: boolean;
}

/** A company seal (公章 / 合同章) printed at its real size over the seller's signature block. */
export interface QuoteSeal {
  /** PNG bytes with a transparent background (the seal's ink only); a JPEG, which has no transparency, is refused. */
  image: Uint8Array | ArrayBuffer;
  /** Printed width in millimetres (the diameter of a round seal); default 42, from 10 to 80. */
  widthMm?: number;
  /** Index in `signatures` of the block it is printed over; default the last (乙方, the seller's, in the default pair). */
  block?: number;
  /** Also a 骑缝章 across the right edge of every page of a multi-page document: each page shows its slice. */
  acrossPages?: boolean;
}

/** Options of `renderQuotePdf`. Every field is optional. */
export interface QuotePdfOptions {
  seller?: QuoteSeller;
  /** Default: `pricedQuote.customer.name` (with its `address`, `taxId`, … when present). */
  buyer?: QuoteParty;
  /** BCP 47 tag; `zh*` prints Chinese labels, anything else English. Default the quote's locale. */
  locale?: string;
  /** Document title; default 报价单 / Quotation. */
  title?: string;
  /** Terms and conditions: one string (paragraphs split at "\n") or one string per clause (numbered). */
  terms?: string | string[];
  paymentTerms?: string;
  /** Validity text; default "valid until" the quote's `validUntil`. */
  validity?: string;
  /** `false` leaves the signature area out; default: buyer (甲方) and seller (乙方) blocks. */
  signatures?: boolean | SignatureBlock[];
  /** Default A4. */
  pageSize?: 'A4' | 'Letter';
  /** `#rgb` or `#rrggbb`; default `#1f4e8c`. */
  accentColor?: string;
  /** A TTF/OTF/TTC font (bytes), embedded as a subset. Needed for Chinese text. */
  font?: Uint8Array | ArrayBuffer;
  /** PostScript name of the font to use when `font` is a collection (.ttc). */
  fontName?: string;
  /**
   * The catalog the quote was priced from: attribute and value names then print in the
   * specification (部署方式：私有云) instead of their ids, and terms show their unit.
   */
  catalog?: unknown;
  /** Specification text per line id, replacing the one built from attributes. */
  specs?: Record<string, string>;
  /** The document's creation date (PDF metadata); default now. Expiry is judged at this date. */
  creationDate?: Date | string;
  /**
   * What `cpq-quote.json` inside the PDF holds: `"customer-copy"` (default: `pricedForCustomer`,
   * no cost, margin, floor-price issue or approval) or `"internal-priced-quote"`, the seller's
   * priced quote with every internal figure — for documents that never leave the company.
   */
  attachment?: AttachmentMode;
  /**
   * The quote's lifecycle record (`quote.lifecycle`): the document's status mark is taken from
   * its state and from the approvals it records for these prices. Without it the quote is read
   * as a draft, so any approval it requires is pending.
   */
  lifecycle?: Lifecycle;
  /**
   * The status to print when the host knows it better than the lifecycle (a service that knows
   * the quote is superseded): `draft`, `pending-approval`, `expired`, `superseded` mark every
   * page; `final` prints clean (refused for a quote with errors).
   */
  status?: DocumentStatus;
  /** A seal image printed over the seller's signature block, optionally across the page edges too. */
  seal?: QuoteSeal;
  /** Running totals of the amount column at the foot (过次页 / Carried forward) and head (承前页 / Brought forward) of every page the table runs over. */
  carryForward?: boolean;
}

/** The options after checking, with defaults resolved. */
export interface ResolvedOptions {
  seller?: QuoteSeller & { logo?: Uint8Array };
  buyer?: QuoteParty;
  locale: string;
  chinese: boolean;
  title?: string;
  terms: string[];
  termsNumbered: boolean;
  paymentTerms?: string;
  validity?: string;
  signatures: SignatureBlock[] | true | false;
  pageSize: [number, number];
  accent: [number, number, number];
  font?: Uint8Array;
  fontName?: string;
  catalog?: unknown;
  specs: Record<string, string>;
  creationDate: Date;
  attachment: AttachmentMode;
  lifecycle?: Lifecycle;
  status?: DocumentStatus;
  /** The seal's PNG, its width in points and the signature block it goes over. */
  seal?: { image: Uint8Array; width: number; block: number; acrossPages: boolean };
  carryForward: boolean;
}
