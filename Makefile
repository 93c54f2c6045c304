# SPDX-License-Identifier: GPL-2.0
#
# dax-common: out-of-tree build and project entry points.
#
#   make                  build the modules against KDIR
#   make setup            install host packages, kernel source, guest root
#   make demo             build everything, boot a VM, show it working
#   make check            the full test suite (what .ci/run runs)
#   make check-sanitize   the guest suite on the KASAN/UBSAN/DEBUG_OBJECTS
#                         kernel (tests/config/sanitize.config)
#   make conformance PERSONALITY="foo.ko ..." [KERNEL=sanitize]
#                         the personality conformance suite on modules
#                         built against $(make -s kdir), with what they
#                         declare in foo.conformance beside foo.ko
#                         (Documentation/dax-common/index.rst)
#   make check-7.2        the guest suite, ours and stock, on the 7.2
#                         test kernel (scripts/build-kernel.sh 7.2)
#   make deb              the dax-common-dkms Debian package (debhelper,
#                         dh-dkms, lintian), into $(DAX_COMMON_CACHE)/deb
#   make deb-check        build it, install it into a copy of the guest
#                         root, let DKMS build it, boot, check the modules
#   make kdir             print the test kernel's build tree
#   make bench            ours vs the stock modules in one VM boot
#                         (bench/run.sh; results in bench/results/)
#   make series           generate the upstream patch series and check it
#                         (checkpatch, W=1 build at every patch, nfit_test)
#   make series-check     the same, then boot the patched kernel and run
#                         the guest suite against its in-tree modules,
#                         and nfit_test at runtime, series and stock
#
# KDIR defaults to the cached test kernel (built on first use). Any
# configured and built kernel source tree >= 7.2 works:
#   make KDIR=/path/to/linux

ifneq ($(KERNELRELEASE),)
include $(src)/Kbuild
else

KDIR ?= $(shell $(CURDIR)/scripts/kdir.sh)

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean

setup:
	scripts/setup.sh

demo:
	scripts/demo.sh

check:
	tests/run.sh

# Our modules only: the stock run's known bugs (a dangling pgmap read
# after a failed probe) are exactly what KASAN reports.
check-sanitize:
	tests/run.sh -k sanitize ours

# The older supported series: the same suite on 7.2.13.
check-7.2:
	tests/run.sh -k 7.2 "ours stock"

deb:
	scripts/make-deb.sh

deb-check:
	tests/deb-check.sh

KERNEL ?= default
conformance:
	@test -n "$(PERSONALITY)" || { echo 'usage: make conformance PERSONALITY="path/to/module.ko ..."'; exit 2; }
	$(CURDIR)/tests/conformance.sh -k $(KERNEL) $(PERSONALITY)

kdir:
	@echo $(KDIR)

# Rebind stress under concurrent readers and mappers, alone (make check
# runs it too).
stress:
	tests/run.sh ours '80-*'


bench:
	bench/run.sh

# Coccinelle: every cocci/*.cocci in report mode over DIR (directories or
# files, default this project's own sources), spatch run directly with
# each script's "// Options:" line. Prints the findings; tests/cocci-check.sh
# is what requires there be none.
#   make coccicheck [DIR="drivers tests/foo.c"]
COCCI_SCRIPTS := $(sort $(wildcard $(CURDIR)/cocci/*.cocci))
DIR ?= dax-common drivers include $(wildcard tests/*.c)

coccicheck:
	@for c in $(COCCI_SCRIPTS); do \
		opts=$$(sed -n 's|^// Options:||p' "$$c"); \
		for d in $(DIR); do \
			if [ -d "$$d" ]; then set -- --dir "$$d"; else set -- "$$d"; fi; \
			spatch -D report --very-quiet --no-show-diff --sp-file "$$c" \
				$$opts "$$@" || exit 1; \
		done; \
	done

# The upstream series, in $(DAX_COMMON_CACHE or ~/.cache/dax-common)/series;
# see scripts/make-series.sh. SERIES_FLAGS passes options, e.g. --rev HEAD.
series:
	scripts/make-series.sh $(SERIES_FLAGS)

series-check:
	scripts/make-series.sh --boot $(SERIES_FLAGS)

# ndctl 85's own test suite (meson test --suite ndctl, dax, cxl) in a
# guest, on nfit_test's and cxl_test's emulated buses; a table and
# "N passed, N failed" (scripts/ndctl-check.sh; NDCTL_FLAGS passes options,
# e.g. --smoke, --series OBJTREE).
ndctl-check:
	scripts/ndctl-check.sh $(NDCTL_FLAGS)

.PHONY: all modules clean setup demo check check-sanitize check-7.2 deb deb-check conformance kdir stress bench coccicheck series series-check ndctl-check
endif
