// Placeholder demo entry: proves the pure core loads in the page under the strict CSP.
import { Dec } from '../src/core/decimal.js';

const sum = document.querySelector<HTMLOutputElement>('#sum');
if (sum) sum.textContent = new Dec('0.1').plus('0.2').toString();
