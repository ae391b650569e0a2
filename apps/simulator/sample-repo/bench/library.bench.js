// perfgate measures each exported function in-process (tinybench); inputs are built once, here,
// so a sample times only the library call. Each call takes about a millisecond.
import { median, primesUpTo, slugify, wordFrequencies } from "../src/index.js";

// A fixed pseudo-random sequence: the same input on every run and every machine.
function* lcg(seed) {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2147483648;
    yield x / 2147483648;
  }
}
const rand = lcg(42);
const next = () => rand.next().value;

const vocabulary =
  "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau".split(" ");
const text = Array.from({ length: 20_000 }, () => vocabulary[Math.floor(next() * vocabulary.length)]).join(" ");
const titles = Array.from({ length: 2_000 }, (_, i) => `Release Notes ${i}: Crème Brûlée & Friends — Part ${i % 7}!`);
const values = Array.from({ length: 20_000 }, () => next() * 1000);

export function primes() {
  return primesUpTo(300_000).length;
}

export function wordCount() {
  return wordFrequencies(text).length;
}

export function slugs() {
  let total = 0;
  for (const t of titles) total += slugify(t).length;
  return total;
}

export function medianOfValues() {
  return median(values);
}
