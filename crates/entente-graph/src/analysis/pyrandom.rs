//! Python's `random.Random(seed).sample(range(n), k)`, bit for bit (CPython's
//! MT19937, `init_by_array` seeding of a non-negative int, `_randbelow` by
//! `getrandbits`, and `sample`'s two selection strategies). Sampled
//! betweenness draws its sources with it, so that `k` sources with seed `s`
//! are the ones NetworkX's `betweenness_centrality(k=k, seed=s)` draws on a
//! graph whose nodes are `0..n` in order.

pub(crate) struct PyRandom {
    mt: [u32; 624],
    index: usize,
}

impl PyRandom {
    /// `random.Random(seed)` for a non-negative integer seed.
    pub(crate) fn new(seed: u64) -> Self {
        let mut key: Vec<u32> = Vec::new();
        let mut s = seed;
        while s > 0 {
            key.push(s as u32);
            s >>= 32;
        }
        if key.is_empty() {
            key.push(0);
        }
        let mut r = PyRandom {
            mt: [0; 624],
            index: 624,
        };
        r.init_by_array(&key);
        r
    }

    fn init_genrand(&mut self, s: u32) {
        self.mt[0] = s;
        for i in 1..624 {
            let prev = self.mt[i - 1];
            self.mt[i] = 1812433253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = 624;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19650218);
        let n = 624usize;
        let mut i = 1usize;
        let mut j = 0usize;
        let mut k = n.max(key.len());
        while k > 0 {
            let prev = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1664525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= n {
                self.mt[0] = self.mt[n - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
            k -= 1;
        }
        k = n - 1;
        while k > 0 {
            let prev = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1566083941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= n {
                self.mt[0] = self.mt[n - 1];
                i = 1;
            }
            k -= 1;
        }
        self.mt[0] = 0x8000_0000;
    }

    fn next_u32(&mut self) -> u32 {
        const UPPER: u32 = 0x8000_0000;
        const LOWER: u32 = 0x7fff_ffff;
        const MATRIX_A: u32 = 0x9908_b0df;
        if self.index >= 624 {
            for kk in 0..624 {
                let y = (self.mt[kk] & UPPER) | (self.mt[(kk + 1) % 624] & LOWER);
                let mut v = self.mt[(kk + 397) % 624] ^ (y >> 1);
                if y & 1 != 0 {
                    v ^= MATRIX_A;
                }
                self.mt[kk] = v;
            }
            self.index = 0;
        }
        let mut y = self.mt[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    /// `getrandbits(k)` for 1 ≤ k ≤ 64.
    fn getrandbits(&mut self, k: u32) -> u64 {
        if k <= 32 {
            return (self.next_u32() >> (32 - k)) as u64;
        }
        // CPython fills 32-bit words least significant first; the last word
        // is shifted to keep its top bits.
        let lo = self.next_u32() as u64;
        let hi = (self.next_u32() >> (64 - k)) as u64;
        lo | (hi << 32)
    }

    /// `random()`: a 53-bit float in [0, 1) (the synthetic graph's dates).
    #[cfg_attr(not(feature = "synthetic"), allow(dead_code))]
    pub(crate) fn random(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)
    }

    /// `_randbelow(n)` for n > 0.
    pub(crate) fn randbelow(&mut self, n: u64) -> u64 {
        let k = 64 - n.leading_zeros();
        let mut r = self.getrandbits(k);
        while r >= n {
            r = self.getrandbits(k);
        }
        r
    }

    /// `sample(range(n), k)`, in selection order.
    pub(crate) fn sample_range(&mut self, n: usize, k: usize) -> Vec<usize> {
        assert!(k <= n, "sample larger than population");
        let mut setsize = 21usize;
        if k > 5 {
            let e = ((k * 3) as f64).ln() / 4f64.ln();
            setsize += 4usize.pow(e.ceil() as u32);
        }
        let mut out = Vec::with_capacity(k);
        if n <= setsize {
            let mut pool: Vec<usize> = (0..n).collect();
            for i in 0..k {
                let j = self.randbelow((n - i) as u64) as usize;
                out.push(pool[j]);
                pool[j] = pool[n - i - 1];
            }
        } else {
            let mut selected = std::collections::HashSet::with_capacity(k);
            for _ in 0..k {
                let mut j = self.randbelow(n as u64) as usize;
                while selected.contains(&j) {
                    j = self.randbelow(n as u64) as usize;
                }
                selected.insert(j);
                out.push(j);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Values from CPython 3.11:
    //   random.Random(42).sample(range(11412), 5)
    //   random.Random(42).sample(range(10), 4)
    //   random.Random(7).getrandbits(32)
    #[test]
    fn matches_cpython() {
        assert_eq!(
            PyRandom::new(42).sample_range(11412, 5),
            PY_SAMPLE_11412_5.to_vec()
        );
        assert_eq!(
            PyRandom::new(42).sample_range(10, 4),
            PY_SAMPLE_10_4.to_vec()
        );
        assert_eq!(PyRandom::new(7).getrandbits(32), PY_BITS_7);
    }

    const PY_SAMPLE_11412_5: [usize; 5] = [10476, 1824, 409, 4506, 4012];
    const PY_SAMPLE_10_4: [usize; 4] = [1, 0, 4, 9];
    const PY_BITS_7: u64 = 1390851128;

    //   random.Random(2**40 + 5).sample(range(1000), 8)
    //   random.Random(42).sample(range(11412), 256)[-3:]
    #[test]
    fn big_seed_and_big_sample() {
        assert_eq!(
            PyRandom::new((1 << 40) + 5).sample_range(1000, 8),
            vec![516, 529, 275, 679, 948, 28, 543, 776]
        );
        assert_eq!(
            PyRandom::new(42).sample_range(11412, 256)[253..],
            [7651, 887, 11032]
        );
    }
}
