import assert from "node:assert/strict";
import { test } from "node:test";
import { median, primesUpTo, slugify, wordFrequencies } from "../src/index.js";

test("primesUpTo lists the primes up to the limit", () => {
  assert.deepEqual(primesUpTo(30), [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
  assert.deepEqual(primesUpTo(1), []);
  assert.equal(primesUpTo(10_000).length, 1229);
});

test("wordFrequencies counts words case-insensitively, most frequent first", () => {
  assert.deepEqual(wordFrequencies("The cat and the hat. THE end"), [
    ["the", 3],
    ["and", 1],
    ["cat", 1],
    ["end", 1],
    ["hat", 1],
  ]);
});

test("slugify keeps letters and digits", () => {
  assert.equal(slugify("  Crème Brûlée: 2 Ways! "), "creme-brulee-2-ways");
});

test("median handles odd and even counts", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.throws(() => median([]), RangeError);
});
