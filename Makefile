# SPDX-License-Identifier: GPL-2.0
#
# dax-common: out-of-tree build and project entry points.
#
#   make                  build the modules against KDIR
#   make setup            install host packages, kernel source, guest root
#   make demo             build everything, boot a VM, show it working
#   make check            the full test suite (what .ci/run runs)
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

.PHONY: all modules clean setup demo check
endif
