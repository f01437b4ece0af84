/** A small seeded PRNG (mulberry32): the same seed gives the same sequence, run after run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gives up the thread one of several ways, picked by `random`: a microtask, a timer, an immediate, or both at once. */
export async function randomHop(random: () => number): Promise<void> {
  const pick = Math.floor(random() * 4);
  if (pick === 0) await Promise.resolve();
  else if (pick === 1)
    await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 4)));
  else if (pick === 2) await new Promise((resolve) => setImmediate(resolve));
  else await Promise.all([Promise.resolve(), new Promise((resolve) => setTimeout(resolve, 0))]);
}
