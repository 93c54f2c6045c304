# SPDX-License-Identifier: GPL-2.0
# Lookup cost against the number of ranges, stock vs ours, from
# analyze.py's ranges.dat (one block per lookup: ranges, stock median,
# ours median, in ns).
#
#   gnuplot -e "datafile='...'; outfile='...'; clock='...'" bench/ranges.gp
if (!exists("datafile")) datafile = 'bench/results/ranges.dat'
if (!exists("outfile")) outfile = 'bench/results/ranges.png'
if (!exists("clock")) clock = 'icount'

set terminal pngcairo size 1400,640 font "sans,11"
set output outfile
set multiplot layout 1,2 title "cost per lookup against the number of ranges of a 256 MiB device (median; one TCG VM boot, guest clock: ".clock.")" font "sans,13"
set grid
set key top left
set logscale x 2
set xrange [0.8:160]
set xlabel "ranges"
set yrange [0:*]

set title "fsdev\\_dax dax\\_direct\\_access(), one page a call"
set ylabel "ns per call"
plot datafile index 0 using 1:2 with linespoints lc rgb "#d62728" dt 2 pt 6 lw 2 title "stock (walks the ranges)", \
     datafile index 0 using 1:3 with linespoints lc rgb "#d62728" dt 1 pt 7 lw 2 title "ours (index made at bind)"

set key bottom right
set title "device\\_dax page fault at 4 KiB alignment"
set ylabel "ns per fault"
plot datafile index 1 using 1:2 with linespoints lc rgb "#1f77b4" dt 2 pt 4 lw 2 title "stock (walks the ranges)", \
     datafile index 1 using 1:3 with linespoints lc rgb "#1f77b4" dt 1 pt 5 lw 2 title "ours (index made at bind)"

unset multiplot
