/*
 * Tells simavr which chip and clock this firmware is for, so `simavr build/drivetape.elf` runs it without
 * -m/-f. simavr reads these records from the ELF's ".mmcu" section, which never reaches the board: the
 * Makefile leaves it out of the .hex. Written out here (tag, length, value) rather than taken from
 * simavr's header, so building the firmware needs no simavr package.
 *
 * Compiled without LTO: link-time optimisation would drop these unreferenced records.
 */
#include <stdint.h>

#ifndef SIMAVR_MCU_NAME
#define SIMAVR_MCU_NAME "atmega328p"
#endif

#define MMCU __attribute__((section(".mmcu"), used))

enum { TAG_NAME = 1, TAG_FREQUENCY = 2 };

struct mmcu_string {
    uint8_t tag;
    uint8_t len;
    char text[64];
} __attribute__((packed));

struct mmcu_long {
    uint8_t tag;
    uint8_t len;
    uint32_t value;
} __attribute__((packed));

const struct mmcu_string drivetape_mmcu_name MMCU = {TAG_NAME, sizeof(struct mmcu_string) - 2, SIMAVR_MCU_NAME};
const struct mmcu_long drivetape_mmcu_frequency MMCU = {TAG_FREQUENCY, sizeof(struct mmcu_long) - 2, F_CPU};
