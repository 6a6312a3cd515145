#!/usr/bin/env python3
"""Writes a COW-like alliance CSV of N rows (the header and column shapes of
datasets/cow_alliance_v4.1_by_member.csv) for import benchmarks.

    benches/gen_alliance_rows.py 1000000 > bench-data/alliances-1m.csv

Generated, seeded data for timing only: alliance ids start at 100001 (no
real COW id), states are codes 2000-2999 (no real COW code), so nothing here
lands on a real actor or can be mistaken for a fact.
"""
import random
import sys

HEADER = ("version4id,ccode,state_name,all_st_day,all_st_month,all_st_year,"
          "all_end_day,all_end_month,all_end_year,ss_type,mem_st_day,mem_st_month,"
          "mem_st_year,mem_end_day,mem_end_month,mem_end_year,left_censor,"
          "right_censor,defense,neutrality,nonaggression,entente,version")
TYPES = ["Type I: Defense Pact", "Type IIb: Non-Aggression Pact", "Type III: Entente"]


def main():
    rows = int(sys.argv[1])
    rng = random.Random(42)
    out = sys.stdout
    out.write(HEADER + "\n")
    alliance, members = 100001, 0
    for _ in range(rows):
        if members == 0:
            alliance += 1
            members = rng.randint(2, 6)
            year = rng.randint(1816, 2000)
            start = (rng.randint(1, 28), rng.randint(1, 12), year)
            end = (rng.randint(1, 28), rng.randint(1, 12), year + rng.randint(1, 12))
            kind = rng.randrange(3)
        members -= 1
        code = 2000 + rng.randrange(1000)
        flags = ["1" if kind == 0 else "0", "0", "1" if kind == 1 else "0", "1" if kind == 2 else "0"]
        cells = [str(alliance), str(code), f"Generated state {code}",
                 *map(str, start), *map(str, end), TYPES[kind],
                 *map(str, start), *map(str, end), "0", "0", *flags, "4.1"]
        out.write(",".join(cells) + "\n")


if __name__ == "__main__":
    main()
