// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c: module init and exit, the module's metadata and its parameters.
 *
 * nvmetest is an NVMe test driver: it takes over a controller that an
 * administrator hands it (driver_override) and gives userspace raw,
 * validated access to it through /dev/nvmetestN.
 */
#include <linux/init.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/pci.h>

#include "nvmetest.h"

unsigned int nvmt_admin_timeout_ms = 10000;
module_param_named(admin_timeout_ms, nvmt_admin_timeout_ms, uint, 0644);
MODULE_PARM_DESC(admin_timeout_ms,
		 "timeout of an admin command whose timeout_ms is 0, and of the driver's own (ms, default 10000)");

unsigned int nvmt_max_transfer_kb = 1024;
module_param_named(max_transfer_kb, nvmt_max_transfer_kb, uint, 0644);
MODULE_PARM_DESC(max_transfer_kb,
		 "largest data transfer of one command, KiB, 4..1048576 (default 1024); MDTS may lower it");

unsigned int nvmt_max_meta_kb = 64;
module_param_named(max_meta_kb, nvmt_max_meta_kb, uint, 0644);
MODULE_PARM_DESC(max_meta_kb,
		 "largest separate metadata buffer of one command, KiB, 4..4096 (default 64; bounced through driver memory)");

/*
 * Read only: every queue's ring has this size, and the index arithmetic
 * needs it constant and a power of two (nvmt_init() rounds it down).
 */
unsigned int nvmt_cmdlog_entries = 4096;
module_param_named(cmdlog_entries, nvmt_cmdlog_entries, uint, 0444);
MODULE_PARM_DESC(cmdlog_entries,
		 "command log entries per queue, a power of two, 2..65536 (default 4096)");

/* verify.c: CRC map memory a namespace may use unless VERIFY_CONFIG says */
unsigned int nvmt_verify_mem_cap_mb = 256;
module_param_named(verify_mem_cap_mb, nvmt_verify_mem_cap_mb, uint, 0644);
MODULE_PARM_DESC(verify_mem_cap_mb,
		 "default CRC map memory cap per namespace, MiB (default 256)");

/* ioworker.c: data and metadata buffer memory one IOWorker may allocate */
unsigned int nvmt_iow_mem_mb = 256;
module_param_named(ioworker_mem_mb, nvmt_iow_mem_mb, uint, 0644);
MODULE_PARM_DESC(ioworker_mem_mb,
		 "IO buffer memory one IOWorker may use (qdepth x largest IO), MiB (default 256)");

unsigned int nvmt_raw_mem_mb = 64;
module_param_named(raw_mem_mb, nvmt_raw_mem_mb, uint, 0644);
MODULE_PARM_DESC(raw_mem_mb,
		 "DMA buffers of the raw path one controller may have (DBUF_ALLOC), MiB (default 64)");

bool nvmt_raw_unsafe;

/* Said in the log whenever it is set, at load included. */
static int nvmt_raw_unsafe_set(const char *val, const struct kernel_param *kp)
{
	int ret = param_set_bool(val, kp);

	if (!ret && READ_ONCE(nvmt_raw_unsafe))
		pr_notice(NVMT_NAME ": raw_unsafe=1: this host is declared a dedicated test host; raw queues may give devices DMA addresses without an IOMMU to check them\n");
	return ret;
}

static const struct kernel_param_ops nvmt_raw_unsafe_ops = {
	.set	= nvmt_raw_unsafe_set,
	.get	= param_get_bool,
};
module_param_cb(raw_unsafe, &nvmt_raw_unsafe_ops, &nvmt_raw_unsafe, 0644);
MODULE_PARM_DESC(raw_unsafe,
		 "1: a dedicated test host, raw queues allowed without a translating IOMMU (default 0)");

static int __init nvmt_init(void)
{
	int ret;

	nvmt_cmdlog_entries = rounddown_pow_of_two(clamp_t(u32,
				nvmt_cmdlog_entries, 2, 65536));
	nvmt_verify_module_init();
	ret = nvmt_chrdev_init();
	if (ret)
		return ret;

	/* Last: from here on probe may run, and it needs the class. */
	ret = pci_register_driver(&nvmt_pci_driver);
	if (ret)
		goto out_chrdev_exit;
	return 0;

out_chrdev_exit:
	nvmt_chrdev_exit();
	return ret;
}

static void __exit nvmt_exit(void)
{
	/*
	 * The module cannot be unloaded while a file is open (fops.owner), so
	 * removing every device here frees every controller.
	 */
	pci_unregister_driver(&nvmt_pci_driver);
	nvmt_chrdev_exit();
	/* The verification maps parked by the controllers that went. */
	nvmt_verify_module_exit();
}

module_init(nvmt_init);
module_exit(nvmt_exit);

MODULE_DESCRIPTION("NVMe test driver: validated raw access to NVMe controllers");
MODULE_LICENSE("GPL");
MODULE_VERSION(NVMT_DRIVER_VERSION);
