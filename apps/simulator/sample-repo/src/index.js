export { primesUpTo } from "./primes.js";
export { slugify } from "./slug.js";
export { median } from "./stats.js";
export { wordFrequencies } from "./words.js";
