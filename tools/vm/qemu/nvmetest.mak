# QEMU device set of the nvmetest harness's own QEMU build
# (configure --without-default-devices --with-devices-x86_64=nvmetest):
# the q35 machine and only the devices that tools/vm/run puts in it.
CONFIG_Q35=y
# one PCIe root port per NVMe controller (hot-unplug, bus reset)
CONFIG_PCIE_PORT=y
CONFIG_NVME_PCI=y
# hw/nvme calls the SPDM socket backend unconditionally, but its Kconfig
# does not select it: without default devices it has to be named
CONFIG_SPDM_SOCKET=y
# the host's root and the results folder over virtio-9p
CONFIG_VIRTIO_PCI=y
CONFIG_VIRTIO_9P=y
# the emulated IOMMU (-device intel-iommu) for DMA-fault checks
CONFIG_VTD=y
