import { joinChainRanges, splitChain, type ChainRangeResult } from './audit-verifier.js';

const h = (n: number) => String(n).repeat(64).slice(0, 64);

/** A stretch whose events link to each other and hash right: event n has hash h(n) and links to h(n - 1). */
const intact = (from: number, to: number): ChainRangeResult => ({
  from,
  to,
  checked: to - from + 1,
  firstBrokenSeq: null,
  firstPrevHash: from === 1 ? null : h(from - 1),
  lastHash: h(to),
});

describe('joining stretches of the audit chain', () => {
  it('cuts a chain into adjoining stretches that cover it once', () => {
    expect(splitChain(10, 3)).toEqual([
      [1, 4],
      [5, 8],
      [9, 10],
    ]);
    expect(splitChain(2, 5)).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(splitChain(0, 2)).toEqual([]);
  });

  it('accepts stretches that link up, with the head of the last one', () => {
    expect(joinChainRanges([intact(1, 4), intact(5, 8), intact(9, 10)])).toEqual({
      valid: true,
      checked: 10,
      firstBrokenSeq: null,
      headSeq: 10,
      headHash: h(10),
    });
    expect(joinChainRanges([])).toEqual({
      valid: true,
      checked: 0,
      firstBrokenSeq: null,
      headSeq: null,
      headHash: null,
    });
  });

  it('reports a stretch that does not link to the one before at its first seq', () => {
    const forged = { ...intact(5, 8), firstPrevHash: 'f'.repeat(64) };
    expect(joinChainRanges([intact(1, 4), forged, intact(9, 10)])).toEqual({
      valid: false,
      checked: 4,
      firstBrokenSeq: 5,
      headSeq: 4,
      headHash: h(4),
    });
    expect(joinChainRanges([{ ...intact(1, 4), firstPrevHash: h(0) }])).toMatchObject({
      firstBrokenSeq: 1,
      checked: 0,
      headSeq: null,
    });
  });

  it('reports the earliest break, inside a stretch or at its start, counting what came before', () => {
    const brokenInside = { ...intact(5, 8), checked: 2, firstBrokenSeq: 7, lastHash: h(6) };
    const brokenLater = { ...intact(9, 10), checked: 0, firstBrokenSeq: 9, lastHash: null };
    expect(joinChainRanges([intact(1, 4), brokenInside, brokenLater])).toEqual({
      valid: false,
      checked: 6,
      firstBrokenSeq: 7,
      headSeq: 6,
      headHash: h(6),
    });
    const brokenAtStart = { ...intact(5, 8), checked: 0, firstBrokenSeq: 5, firstPrevHash: undefined, lastHash: null };
    expect(joinChainRanges([intact(1, 4), brokenAtStart])).toMatchObject({ firstBrokenSeq: 5, checked: 4 });
  });
});
