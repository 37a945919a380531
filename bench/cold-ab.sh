#!/bin/bash
# usage: bench/cold-ab.sh ROUNDS PROJECT WEIR_A WEIR_B ['ENV_A' 'ENV_B'] -- alternating cold compiles (rm -rf target):
# wall, user, sys, max RSS (GNU time), the main thread's CPU seconds (/proc, via main-thread-cpu.cjs) and the load average.
# ENV_A/ENV_B: each side's environment (e.g. one build, WEIR_COMPILE_WORKER=0 against WEIR_COMPILE_WORKER=1).
R=$1; P=$2; A=$(readlink -f $3); B=$(readlink -f $4); EA=${5:-WEIR_AB=A}; EB=${6:-WEIR_AB=B}
HERE=$(dirname "$(readlink -f "$0")")
cd $P
for i in $(seq 1 $R); do
  for side in A B; do
    w=$A; e=$EA; [ $side = B ] && w=$B && e=$EB
    rm -rf target
    l=$(cut -d' ' -f1 /proc/loadavg)
    out=$( { env $e /usr/bin/time -f 'TIME %e %U %S %M' node -r $HERE/main-thread-cpu.cjs $w/bin/weir.js compile -q >/dev/null; } 2>&1 )
    echo "$side $(echo "$out" | grep TIME | cut -d' ' -f2-) main $(echo "$out" | grep MAINCPU | cut -d' ' -f2) load $l"
  done
done | awk '{print; w[$1]=w[$1]" "$2; c[$1]=c[$1]" "($3+$4); m[$1]=m[$1]" "$7} END {for (s in w) print s, "wall:" w[s], " cpu:" c[s], " main:" m[s]}'
