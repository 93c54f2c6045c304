# SPDX-License-Identifier: GPL-2.0
# bind+unbind latency vs device size, stock vs ours, from analyze.py's
# bind-latency.dat (one block per device kind and personality: size, then
# median, first and third quartile for stock, then for ours).
#
#   gnuplot -e "datafile='...'; outfile='...'; clock='...'" bench/bind-latency.gp
if (!exists("datafile")) datafile = 'bench/results/bind-latency.dat'
if (!exists("outfile")) outfile = 'bench/results/bind-latency.png'
if (!exists("clock")) clock = 'icount'

set terminal pngcairo size 1400,640 font "sans,11"
set output outfile
set multiplot layout 1,2 title "dax bind+unbind latency, stock vs dax-common (median, bars: quartiles; one TCG VM boot, guest clock: ".clock.")" font "sans,13"

set grid
set key top left
set xlabel "device size (MiB)"
set ylabel "bind + unbind (ms)"
set yrange [0:*]

# 128 MiB to 16 GiB: a log scale, on which linear growth is a line of
# slope one once the fixed cost is small.
set logscale xy 2
set yrange [*:*]
set xrange [*:*]
set title "static device (NFIT pmem, memmap on the device; log-log)"
plot datafile index 0 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" dt 2 pt 4 lw 2 title "device\\_dax stock", \
     datafile index 0 using 1:5:6:7 with yerrorlines lc rgb "#1f77b4" dt 1 pt 5 lw 2 title "device\\_dax ours", \
     datafile index 1 using 1:2:3:4 with yerrorlines lc rgb "#d62728" dt 2 pt 6 lw 2 title "fsdev\\_dax stock", \
     datafile index 1 using 1:5:6:7 with yerrorlines lc rgb "#d62728" dt 1 pt 7 lw 2 title "fsdev\\_dax ours"

unset logscale
set yrange [0:*]
set xrange [0:576]
set xtics 128
set title "dynamic device (hmem, soft-reserved RAM, one range)"
plot datafile index 2 using 1:2:3:4 with yerrorlines lc rgb "#1f77b4" dt 2 pt 4 lw 2 title "device\\_dax stock", \
     datafile index 2 using 1:5:6:7 with yerrorlines lc rgb "#1f77b4" dt 1 pt 5 lw 2 title "device\\_dax ours", \
     datafile index 3 using 1:2:3:4 with yerrorlines lc rgb "#d62728" dt 2 pt 6 lw 2 title "fsdev\\_dax stock", \
     datafile index 3 using 1:5:6:7 with yerrorlines lc rgb "#d62728" dt 1 pt 7 lw 2 title "fsdev\\_dax ours"

unset multiplot
