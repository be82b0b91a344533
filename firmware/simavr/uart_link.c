/*
 * UART0 to the host and back (see uart_link.h).
 *
 * Board to host: simavr hands over each byte when the firmware writes it to UDR0 and lets the firmware
 * write the next one a byte time later, so bytes leave at the UART's pace; they are written to the pty at
 * the end of their pacing quantum (250 us by default), once that is due on the host's clock.
 *
 * Host to board: bytes read from the pty wait in a queue and go into simavr's UART one at a time. simavr
 * raises the receive-complete flag one byte time after a byte goes in (its model counts 11 bits a byte,
 * so 95 us at the Uno's 115200 baud, against 87 us on a real wire); the next byte goes in when the
 * firmware has read that one. Only one byte is ever in simavr's receive FIFO: with more, simavr lets the
 * firmware read two at once, faster than any wire. The moment a line's '\n' raises the flag is the moment
 * the line reached the board: the truth file's rx row.
 */
#define _GNU_SOURCE
#include "uart_link.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <avr_uart.h>
#include <sim_interrupts.h>
#include <sim_io.h>

#define OUT_CAPACITY (1 << 16)
#define IN_CAPACITY 4096
#define HOST_LINE_CAPACITY 120 /* the protocol's longest line; the truth file keeps this much of one */

struct uart_link {
    avr_t *avr;
    avr_uart_t *uart;
    avr_irq_t *input;
    truth_t *truth;
    int pty; /* master side, or -1 for stdout */

    uint8_t out[OUT_CAPACITY];
    size_t out_head, out_len;
    unsigned long bytes_out, dropped_out;

    uint8_t in[IN_CAPACITY];
    size_t in_head, in_len;
    int in_flight;       /* a byte is in simavr's receive FIFO */
    int arrived;         /* ... and its receive-complete flag has gone up */
    uint8_t flight_byte;
    char host_line[HOST_LINE_CAPACITY];
    size_t host_line_length;
    unsigned long bytes_in, lost_in;
};

int uart_link_open_pty(char *path, size_t path_size) {
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) {
        perror("simavr-harness: cannot create a pseudo-terminal");
        exit(1);
    }
    snprintf(path, path_size, "%s", ptsname(master));
    /* Raw, so no line discipline echoes or rewrites the bytes before a reader sets its own mode. */
    int slave = open(path, O_RDWR | O_NOCTTY);
    struct termios t;
    if (slave < 0 || tcgetattr(slave, &t) != 0) {
        perror("simavr-harness: cannot set up the pseudo-terminal");
        exit(1);
    }
    cfmakeraw(&t);
    cfsetispeed(&t, B115200);
    cfsetospeed(&t, B115200);
    tcsetattr(slave, TCSANOW, &t);
    close(slave);
    fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
    return master;
}

int uart_link_pty_is_open(int master) {
    struct pollfd p = {.fd = master, .events = POLLIN};
    if (poll(&p, 1, 0) < 0) {
        return 0;
    }
    return (p.revents & POLLHUP) == 0;
}

static avr_uart_t *find_uart(avr_t *avr, char name) {
    for (avr_io_t *io = avr->io_port; io; io = io->next) {
        if (io->kind && !strcmp(io->kind, "uart") && ((avr_uart_t *) io)->name == name) {
            return (avr_uart_t *) io;
        }
    }
    return NULL;
}

static void on_board_byte(struct avr_irq_t *irq, uint32_t value, void *param) {
    uart_link_t *l = param;
    (void) irq;
    l->bytes_out++;
    if (l->truth) {
        truth_board_byte(l->truth, (uint8_t) value);
    }
    if (l->pty < 0) {
        putchar((int) (value & 0xFF));
        return;
    }
    if (l->out_len == OUT_CAPACITY) {
        l->dropped_out++;
        return;
    }
    l->out[(l->out_head + l->out_len) % OUT_CAPACITY] = (uint8_t) value;
    l->out_len++;
}

/* Puts the next queued host byte into the UART if the last one has been read. */
static void feed(uart_link_t *l) {
    if (l->in_flight || l->in_len == 0) {
        return;
    }
    if (!avr_regbit_get(l->avr, l->uart->rxen)) {
        /* The receiver is off (before Serial.begin): a real UART loses what comes in meanwhile. */
        l->lost_in += l->in_len;
        l->in_len = 0;
        return;
    }
    l->flight_byte = l->in[l->in_head];
    l->in_head = (l->in_head + 1) % IN_CAPACITY;
    l->in_len--;
    l->in_flight = 1;
    l->arrived = 0;
    avr_raise_irq(l->input, l->flight_byte);
}

/* The receive-complete interrupt was raised: the byte in flight is now readable. */
static void on_receive_complete(struct avr_irq_t *irq, uint32_t value, void *param) {
    uart_link_t *l = param;
    (void) irq;
    if (!value || !l->in_flight || l->arrived) {
        return;
    }
    l->arrived = 1;
    l->bytes_in++;
    uint8_t c = l->flight_byte;
    if (c == '\n') {
        if (l->truth) {
            truth_host_line(l->truth, l->host_line, l->host_line_length);
        }
        l->host_line_length = 0;
    } else if (c != '\r' && l->host_line_length < HOST_LINE_CAPACITY) {
        l->host_line[l->host_line_length++] = (char) c;
    }
}

/* simavr says its receive FIFO is empty: the firmware has read the byte in flight. */
static void on_fifo_empty(struct avr_irq_t *irq, uint32_t value, void *param) {
    uart_link_t *l = param;
    (void) irq;
    if (value && l->in_flight && l->arrived) {
        l->in_flight = 0;
        feed(l);
    }
}

uart_link_t *uart_link_attach(avr_t *avr, int pty, truth_t *truth) {
    uart_link_t *l = calloc(1, sizeof *l);
    avr_uart_t *uart = find_uart(avr, '0');
    if (!l || !uart) {
        fprintf(stderr, "simavr-harness: this MCU has no UART0\n");
        exit(1);
    }
    l->avr = avr;
    l->uart = uart;
    l->pty = pty;
    l->truth = truth;
    /* UART0 bytes come to us, not to simavr's console printer. And no usleep(1) each time the firmware
     * reads UCSR0A with nothing received (which the core does for every byte it sends): simavr means it
     * to spare the CPU of a firmware that polls, but it cost the emulation ~60 us of host time a byte. */
    uint32_t flags = 0;
    avr_ioctl(avr, AVR_IOCTL_UART_GET_FLAGS('0'), &flags);
    flags &= ~(AVR_UART_FLAG_STDIO | AVR_UART_FLAG_POLL_SLEEP);
    avr_ioctl(avr, AVR_IOCTL_UART_SET_FLAGS('0'), &flags);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT), on_board_byte, l);
    l->input = avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_INPUT);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUT_XON), on_fifo_empty, l);
    avr_irq_register_notify(uart->rxc.irq + AVR_INT_IRQ_PENDING, on_receive_complete, l);
    return l;
}

void uart_link_service(uart_link_t *l) {
    if (l->pty < 0) {
        return;
    }
    while (l->out_len > 0) {
        size_t chunk = OUT_CAPACITY - l->out_head;
        if (chunk > l->out_len) {
            chunk = l->out_len;
        }
        ssize_t n = write(l->pty, l->out + l->out_head, chunk);
        if (n <= 0) {
            break;
        }
        l->out_head = (l->out_head + (size_t) n) % OUT_CAPACITY;
        l->out_len -= (size_t) n;
    }
    /* What does not fit stays in the pty: the host's writes wait, as on a real port. */
    while (l->in_len < IN_CAPACITY) {
        size_t tail = (l->in_head + l->in_len) % IN_CAPACITY;
        size_t room = tail >= l->in_head ? IN_CAPACITY - tail : l->in_head - tail;
        if (room > IN_CAPACITY - l->in_len) {
            room = IN_CAPACITY - l->in_len;
        }
        ssize_t n = read(l->pty, l->in + tail, room);
        if (n <= 0) {
            break; /* EAGAIN: nothing more; EIO: nobody has the other side open */
        }
        l->in_len += (size_t) n;
    }
    feed(l);
}

void uart_link_summary(const uart_link_t *l, char *text, size_t size) {
    snprintf(text, size, "%lu UART bytes out, %lu dropped, %lu host bytes in, %lu lost", l->bytes_out,
             l->dropped_out, l->bytes_in, l->lost_in);
}
