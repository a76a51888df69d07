// Generated contracts for the versions tests: one template filled for different parties and terms, edited
// drafts of one contract, and a "scanned print" of it (OCR-like character noise, other line breaks,
// hyphenation at line ends). Deterministic: a seeded generator, no randomness between runs.

export interface Terms {
  readonly seller: string;
  readonly buyer: string;
  readonly goods: string;
  readonly price: string;
  readonly days: string;
  readonly city: string;
  readonly law: string;
}

export const ACME: Terms = {
  seller: 'Acme Widgets Limited',
  buyer: 'Borealis Trading GmbH',
  goods: 'industrial widget assemblies',
  price: 'EUR 1,250,000',
  days: 'thirty',
  city: 'Rotterdam',
  law: 'England and Wales',
};

export const ZENITH: Terms = {
  seller: 'Zenith Marine Supplies Inc',
  buyer: 'Harbour Line Shipping Co',
  goods: 'marine diesel spare parts',
  price: 'USD 86,400',
  days: 'ninety',
  city: 'Singapore',
  law: 'the State of New York',
};

/** The template's pages for given terms: a four-page supply agreement. */
export function contractPages(t: Terms): string[] {
  return [
    `SUPPLY AGREEMENT\nThis Supply Agreement is made between ${t.seller} (the Seller) and ${t.buyer} (the Buyer). ` +
      `1. Definitions. In this Agreement the Goods means ${t.goods} described in the Schedule, and Delivery Point means the warehouse of the Buyer in ${t.city}. ` +
      `2. Supply. The Seller shall sell and the Buyer shall purchase the Goods in the quantities set out in each purchase order accepted by the Seller in writing. ` +
      `3. Price. The price of the Goods is ${t.price} for the first year, exclusive of value added tax, and shall be reviewed by ${t.seller} and ${t.buyer} each anniversary.`,
    `4. Payment. The Buyer shall pay each invoice within ${t.days} days of its date by bank transfer to the account named by the Seller. ` +
      `Late payments bear interest at four per cent above the base rate of the central bank from the due date until payment. ` +
      `5. Delivery. The Seller shall deliver the Goods to the Delivery Point in ${t.city} on the dates stated in the purchase order, packed to protect them in transit. ` +
      `Risk in the Goods passes to ${t.buyer} on delivery; title passes when the price has been paid in full.`,
    `6. Warranty. ${t.seller} warrants that the Goods will conform to their specification and be free from defects in material and workmanship for twelve months from delivery. ` +
      `The Buyer shall notify any defect in writing within fourteen days of discovering it, and the Seller shall repair or replace the defective Goods at its option. ` +
      `7. Liability. Neither party is liable for indirect or consequential loss, and the total liability of either party under this Agreement shall not exceed ${t.price}.`,
    `8. Term. This Agreement starts on signature and continues for three years unless terminated earlier by either party on six months notice in writing. ` +
      `9. Governing law. This Agreement is governed by the laws of ${t.law}, and the courts of ${t.law} have exclusive jurisdiction over any dispute arising from it. ` +
      `Signed for ${t.seller} by its director and for ${t.buyer} by its authorised officer.`,
  ];
}

/** A page's text rewrapped at `width` characters with long words hyphenated at the line's end, and a few
 *  characters misread the way OCR misreads them (every `every`-th eligible letter). */
export function scannedPrint(text: string, width: number, every: number): string {
  const misread: Record<string, string> = { l: '1', o: '0', e: 'c', m: 'rn', S: '5', i: 'í', h: 'b', a: 'u' };
  let seen = 0;
  const noisy = [...text]
    .map((ch) => {
      const to = misread[ch];
      if (to === undefined) return ch;
      seen++;
      return seen % every === 0 ? to : ch;
    })
    .join('');
  const lines: string[] = [];
  let line = '';
  for (const word of noisy.split(/\s+/)) {
    if (line.length + word.length + 1 <= width) line = line ? `${line} ${word}` : word;
    else if (word.length > 7 && /^[a-z]+$/i.test(word)) {
      const cut = Math.max(3, width - line.length - 2);
      lines.push(`${line} ${word.slice(0, cut)}-`);
      line = word.slice(cut);
    } else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

/** A seeded pseudo-random generator (mulberry32) in [0, 1). */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let z = Math.imul(s ^ (s >>> 15), 1 | s);
    z = (z + Math.imul(z ^ (z >>> 7), 61 | z)) ^ z;
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}
