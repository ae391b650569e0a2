/**
 * Every prime <= limit.
 * The regression scenario's change: a "simpler" trial division replaces the sieve.
 * Still correct (the tests pass), several times slower.
 */
export function primesUpTo(limit) {
  const primes = [];
  for (let n = 2; n <= limit; n++) {
    let isPrime = true;
    for (const p of primes) {
      if (p * p > n) break;
      if (n % p === 0) {
        isPrime = false;
        break;
      }
    }
    if (isPrime) primes.push(n);
  }
  return primes;
}
