/*
 * The harness's ground truth (--truth FILE): when things really happened on the emulated board, on the
 * board's simulated clock, on the board's own micros() and on the host's clocks. The format is in truth.c
 * and firmware/README.md.
 */
#ifndef DRIVETAPE_TRUTH_H
#define DRIVETAPE_TRUTH_H

#include <stddef.h>
#include <stdint.h>

#include <sim_avr.h>

typedef struct truth truth_t;

/* Host CLOCK_MONOTONIC in ns: the clock Java's System.nanoTime reads on Linux. */
int64_t truth_monotonic_ns(void);

/* Creates (truncates) the file and writes the header; watches Timer0 so it knows the board's micros(). */
truth_t *truth_open(const char *path, avr_t *avr);

/* With --realtime: cycle c is due on the host at origin_ns + its simulated ns (origin_ns moves when the
 * board's clock slips). Without a schedule a moment's host time is when the simulation executed it. */
void truth_schedule(truth_t *t, int64_t origin_ns);

/* The pacing loop ran the simulation up to `cycle`, finishing at host time `done_ns`, and resumes it at
 * `resume_ns`: the anchors for moments the harness learns of only afterwards. */
void truth_pace(truth_t *t, uint64_t cycle, int64_t done_ns, int64_t resume_ns);

/* Moments that happen now (at avr->cycle): a pulse edge the harness drove, an LED pin change, the '\n' of
 * a host line reaching the board's UART (line: the bytes before it). */
void truth_edge(truth_t *t, int channel, int level);
void truth_led(truth_t *t, int level);
void truth_host_line(truth_t *t, const char *line, size_t length);

/* A byte the board sent: complete $ and ! records get a row each. */
void truth_board_byte(truth_t *t, uint8_t byte);

void truth_flush_if_due(truth_t *t, int64_t now_ns);
void truth_close(truth_t *t);

#endif
