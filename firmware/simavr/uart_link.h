/*
 * The emulated board's UART0 and the host: what the board sends goes to stdout or to a pseudo-terminal,
 * and what the host writes to that pseudo-terminal goes into the board's UART, one byte at a time at the
 * UART's pace, as a USB-serial bridge would deliver it.
 */
#ifndef DRIVETAPE_UART_LINK_H
#define DRIVETAPE_UART_LINK_H

#include <stddef.h>
#include <stdio.h>

#include <sim_avr.h>

#include "truth.h"

typedef struct uart_link uart_link_t;

/* A new raw pseudo-terminal (its path in `path`); returns the master side, non-blocking. */
int uart_link_open_pty(char *path, size_t path_size);

/* Whether a program has the pty's other side open (the master reports a hangup while nobody has). */
int uart_link_pty_is_open(int master);

/* Connects UART0: to `pty` (a master from uart_link_open_pty) both ways, or with pty -1 its output to
 * stdout and no input. `truth` (may be NULL) hears every byte out and every host line's arrival. */
uart_link_t *uart_link_attach(avr_t *avr, int pty, truth_t *truth);

/* Writes what the board sent to the pty, reads what the host wrote and starts feeding it. */
void uart_link_service(uart_link_t *link);

/* "N UART bytes out, N dropped, N host bytes in, N lost" for the harness's summary line. */
void uart_link_summary(const uart_link_t *link, char *text, size_t size);

#endif
