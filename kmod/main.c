// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c: module init and exit, and the module's metadata. The module has
 * no parameters yet.
 *
 * nvmetest is an NVMe test driver: it takes over a controller that an
 * administrator hands it (driver_override) and gives userspace raw,
 * validated access to it through /dev/nvmetestN.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/pci.h>

#include "nvmetest.h"

static int __init nvmt_init(void)
{
	int ret;

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
}

module_init(nvmt_init);
module_exit(nvmt_exit);

MODULE_DESCRIPTION("NVMe test driver: validated raw access to NVMe controllers");
MODULE_LICENSE("GPL");
MODULE_VERSION(NVMT_DRIVER_VERSION);
