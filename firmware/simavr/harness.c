/*
 * simavr-harness: runs the drivetape firmware on a simulated ATmega328P and plays RC receiver pulses into
 * it, so the firmware can be tested (and the recorder fed) without a board.
 *
 * The pulses: one RC frame every --frame-us, each channel one high pulse per frame on its pin (steering
 * D2, throttle D3, aux D4), in segments (--segment MS:W1,W2[,W3], played in order):
 * a width in microseconds, 0 for no pulses (line low), or r for a seeded random width in 1000..2000 for
 * every frame. Every pulse, and every change of the LED pin, can be logged with simulated times (--log).
 *
 * The UART: its bytes go to stdout, or with --pty to a new pseudo-terminal whose path is printed as
 * "pty <path>". --realtime paces the simulation to the wall clock (simavr otherwise runs as fast as it can).
 *
 * Build: make -C firmware harness (needs libsimavr-dev).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <avr_ioport.h>
#include <avr_uart.h>
#include <sim_avr.h>
#include <sim_elf.h>

#define MAX_CHANNELS 3
#define MAX_SEGMENTS 64
#define RANDOM_WIDTH (-1)
#define OUT_CAPACITY (1 << 16)
#define MAX_LAG_S 0.02

typedef struct {
    uint64_t duration_us;
    int width[MAX_CHANNELS]; /* microseconds, 0 = no pulse, RANDOM_WIDTH */
} segment_t;

typedef struct {
    uint64_t cycle;
    int channel;
    int level;
} edge_t;

typedef struct {
    avr_t *avr;
    avr_irq_t *pin[MAX_CHANNELS];
    FILE *log;
    uint64_t cycles_per_us;

    /* the pulse schedule */
    segment_t segments[MAX_SEGMENTS];
    int segment_count;
    int channels;
    uint64_t start_us;
    uint64_t frame_us;
    uint64_t gap_us;   /* sequential layout: pause between one channel's pulse and the next one's */
    int sequential;
    uint64_t rng;
    uint64_t frame;    /* index of the next frame to lay out */
    edge_t edges[2 * MAX_CHANNELS];
    int edge_count;
    int next_edge;
    unsigned long pulses;

    /* the UART's way out */
    int pty;           /* master side, or -1 for stdout */
    uint8_t out[OUT_CAPACITY];
    size_t out_head, out_len;
    unsigned long uart_bytes, dropped_bytes;
} harness_t;

static volatile sig_atomic_t stop_requested;

/* simavr sleeps in real time while the MCU sleeps; the harness paces (or not) by itself. */
static void no_sleep(avr_t *avr, avr_cycle_count_t how_long) {
    (void) avr;
    (void) how_long;
}

/* simavr's messages go to stderr, warnings and errors only: stdout may be carrying the UART's bytes. */
static void log_to_stderr(avr_t *avr, const int level, const char *format, va_list ap) {
    (void) avr;
    if (level <= LOG_WARNING) {
        vfprintf(stderr, format, ap);
    }
}

static void on_signal(int sig) {
    (void) sig;
    stop_requested = 1;
}

static void usage(void) {
    fprintf(stderr,
            "usage: simavr-harness [options] FIRMWARE.elf\n"
            "  --mcu NAME            default: the ELF's tag, else atmega328p\n"
            "  --freq HZ             default: the ELF's tag, else 16000000\n"
            "  --seconds S           simulated seconds to run (default 10)\n"
            "  --segment MS:W1,W2[,W3]  pulses for MS ms; W: width in us, 0 = none, r = random 1000..2000\n"
            "  --frame-us N          RC frame period (default 20000)\n"
            "  --start-us N          first frame starts at (default 5000)\n"
            "  --sequential          channels pulse one after another (default: all start together)\n"
            "  --gap-us N            sequential: pause between pulses (default 100)\n"
            "  --seed N              for r widths (default 1)\n"
            "  --log FILE            'pulse,ch,rise_us,fall_us,width_us' and 'led,us,level' lines\n"
            "  --pty                 UART on a new pseudo-terminal (prints 'pty PATH'), else on stdout\n"
            "  --wait-open           with --pty: start the MCU when the pty is opened (an Uno resets then)\n"
            "  --exit-on-close       with --pty: stop when the program that opened it closes it\n"
            "  --realtime            pace the simulation to the wall clock\n");
    exit(2);
}

static uint64_t next_random(harness_t *h) {
    /* xorshift64: deterministic across platforms, so a seed names one pulse sequence */
    h->rng ^= h->rng << 13;
    h->rng ^= h->rng >> 7;
    h->rng ^= h->rng << 17;
    return h->rng;
}

static void parse_segment(harness_t *h, const char *spec) {
    if (h->segment_count == MAX_SEGMENTS) {
        fprintf(stderr, "simavr-harness: at most %d segments\n", MAX_SEGMENTS);
        exit(2);
    }
    segment_t *s = &h->segments[h->segment_count];
    char *end;
    double ms = strtod(spec, &end);
    if (*end != ':' || ms < 0) {
        fprintf(stderr, "simavr-harness: bad segment '%s' (want MS:W1,W2[,W3])\n", spec);
        exit(2);
    }
    s->duration_us = (uint64_t) (ms * 1000.0 + 0.5);
    int n = 0;
    const char *p = end + 1;
    while (*p) {
        if (n == MAX_CHANNELS) {
            fprintf(stderr, "simavr-harness: at most %d channels in '%s'\n", MAX_CHANNELS, spec);
            exit(2);
        }
        if (*p == 'r') {
            s->width[n++] = RANDOM_WIDTH;
            p++;
        } else {
            long w = strtol(p, &end, 10);
            if (end == p || w < 0 || w > 100000) {
                fprintf(stderr, "simavr-harness: bad width in segment '%s'\n", spec);
                exit(2);
            }
            s->width[n++] = (int) w;
            p = end;
        }
        if (*p == ',') {
            p++;
        } else if (*p) {
            fprintf(stderr, "simavr-harness: bad segment '%s'\n", spec);
            exit(2);
        }
    }
    if (h->segment_count > 0 && n != h->channels) {
        fprintf(stderr, "simavr-harness: every segment needs the same number of channels\n");
        exit(2);
    }
    h->channels = n;
    h->segment_count++;
}

/* The segment a frame starting at `us` belongs to, or NULL after the last one. */
static const segment_t *segment_at(const harness_t *h, uint64_t us) {
    uint64_t end = h->start_us;
    for (int i = 0; i < h->segment_count; i++) {
        end += h->segments[i].duration_us;
        if (us < end) {
            return &h->segments[i];
        }
    }
    return NULL;
}

static int compare_edges(const void *a, const void *b) {
    const edge_t *x = a, *y = b;
    return x->cycle < y->cycle ? -1 : x->cycle > y->cycle ? 1 : x->channel - y->channel;
}

/* Lays out the edges of the next frame that has any; returns 0 when the schedule is over. */
static int lay_out_next_frame(harness_t *h) {
    for (;;) {
        uint64_t frame_start = h->start_us + h->frame * h->frame_us;
        const segment_t *s = segment_at(h, frame_start);
        if (s == NULL) {
            return 0;
        }
        h->frame++;
        h->edge_count = 0;
        h->next_edge = 0;
        uint64_t rise = frame_start;
        for (int ch = 0; ch < h->channels; ch++) {
            int width = s->width[ch];
            if (width == RANDOM_WIDTH) {
                width = 1000 + (int) (next_random(h) % 1001);
            }
            if (width == 0) {
                continue;
            }
            uint64_t fall = rise + (uint64_t) width;
            h->edges[h->edge_count++] = (edge_t) {rise * h->cycles_per_us, ch, 1};
            h->edges[h->edge_count++] = (edge_t) {fall * h->cycles_per_us, ch, 0};
            if (h->log) {
                fprintf(h->log, "pulse,%d,%llu,%llu,%d\n", ch, (unsigned long long) rise,
                        (unsigned long long) fall, width);
            }
            h->pulses++;
            if (h->sequential) {
                rise = fall + h->gap_us;
            }
        }
        if (h->edge_count > 0) {
            qsort(h->edges, (size_t) h->edge_count, sizeof(edge_t), compare_edges);
            return 1;
        }
    }
}

/* Cycle timer: applies the edges due now and asks to be called again at the next one. */
static avr_cycle_count_t on_edge_due(avr_t *avr, avr_cycle_count_t when, void *param) {
    harness_t *h = param;
    (void) avr;
    for (;;) {
        if (h->next_edge == h->edge_count && !lay_out_next_frame(h)) {
            return 0;
        }
        edge_t *e = &h->edges[h->next_edge];
        if (e->cycle > when) {
            return e->cycle;
        }
        avr_raise_irq(h->pin[e->channel], (uint32_t) e->level);
        h->next_edge++;
    }
}

static void on_uart_byte(struct avr_irq_t *irq, uint32_t value, void *param) {
    harness_t *h = param;
    (void) irq;
    h->uart_bytes++;
    if (h->pty < 0) {
        putchar((int) (value & 0xFF));
        return;
    }
    if (h->out_len == OUT_CAPACITY) {
        h->dropped_bytes++;
        return;
    }
    h->out[(h->out_head + h->out_len) % OUT_CAPACITY] = (uint8_t) value;
    h->out_len++;
}

static void on_led_change(struct avr_irq_t *irq, uint32_t value, void *param) {
    harness_t *h = param;
    (void) irq;
    if (h->log) {
        fprintf(h->log, "led,%llu,%u\n", (unsigned long long) (h->avr->cycle / h->cycles_per_us), value & 1);
    }
}

/* Moves what the UART sent to the pty, as much as it takes now; drains what the host wrote. */
static void service_pty(harness_t *h) {
    while (h->out_len > 0) {
        size_t chunk = OUT_CAPACITY - h->out_head;
        if (chunk > h->out_len) {
            chunk = h->out_len;
        }
        ssize_t n = write(h->pty, h->out + h->out_head, chunk);
        if (n <= 0) {
            break;
        }
        h->out_head = (h->out_head + (size_t) n) % OUT_CAPACITY;
        h->out_len -= (size_t) n;
    }
    uint8_t sink[256];
    while (read(h->pty, sink, sizeof sink) > 0) {
        /* the firmware reads nothing */
    }
}

/* Whether a program has the pty's other side open (the master reports a hangup while nobody has). */
static int pty_is_open(int master) {
    struct pollfd p = {.fd = master, .events = POLLIN};
    if (poll(&p, 1, 0) < 0) {
        return 0;
    }
    return (p.revents & POLLHUP) == 0;
}

static int open_pty(char *path, size_t path_size) {
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

static double seconds_since(const struct timespec *start) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double) (now.tv_sec - start->tv_sec) + (double) (now.tv_nsec - start->tv_nsec) / 1e9;
}

int main(int argc, char **argv) {
    static harness_t h;
    const char *firmware = NULL, *mcu = NULL, *log_path = NULL;
    unsigned long freq = 0;
    double seconds = 10;
    int use_pty = 0, wait_open = 0, exit_on_close = 0, realtime = 0;
    h.frame_us = 20000;
    h.start_us = 5000;
    h.gap_us = 100;
    h.rng = 1;
    h.pty = -1;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_value = i + 1 < argc;
        if (!strcmp(a, "--mcu") && has_value) {
            mcu = argv[++i];
        } else if (!strcmp(a, "--freq") && has_value) {
            freq = strtoul(argv[++i], NULL, 10);
        } else if (!strcmp(a, "--seconds") && has_value) {
            seconds = strtod(argv[++i], NULL);
        } else if (!strcmp(a, "--segment") && has_value) {
            parse_segment(&h, argv[++i]);
        } else if (!strcmp(a, "--frame-us") && has_value) {
            h.frame_us = strtoull(argv[++i], NULL, 10);
        } else if (!strcmp(a, "--start-us") && has_value) {
            h.start_us = strtoull(argv[++i], NULL, 10);
        } else if (!strcmp(a, "--gap-us") && has_value) {
            h.gap_us = strtoull(argv[++i], NULL, 10);
        } else if (!strcmp(a, "--seed") && has_value) {
            h.rng = strtoull(argv[++i], NULL, 10) * 2654435761ULL + 0x9E3779B97F4A7C15ULL;
        } else if (!strcmp(a, "--log") && has_value) {
            log_path = argv[++i];
        } else if (!strcmp(a, "--sequential")) {
            h.sequential = 1;
        } else if (!strcmp(a, "--pty")) {
            use_pty = 1;
        } else if (!strcmp(a, "--wait-open")) {
            wait_open = 1;
        } else if (!strcmp(a, "--exit-on-close")) {
            exit_on_close = 1;
        } else if (!strcmp(a, "--realtime")) {
            realtime = 1;
        } else if (a[0] == '-' || firmware != NULL) {
            usage();
        } else {
            firmware = a;
        }
    }
    if (firmware == NULL || h.frame_us == 0) {
        usage();
    }

    avr_global_logger_set(log_to_stderr);
    elf_firmware_t fw;
    memset(&fw, 0, sizeof fw);
    if (elf_read_firmware(firmware, &fw) != 0) {
        fprintf(stderr, "simavr-harness: cannot read firmware %s\n", firmware);
        return 1;
    }
    if (mcu) {
        snprintf(fw.mmcu, sizeof fw.mmcu, "%s", mcu);
    } else if (!fw.mmcu[0]) {
        snprintf(fw.mmcu, sizeof fw.mmcu, "atmega328p");
    }
    if (freq) {
        fw.frequency = (uint32_t) freq;
    } else if (!fw.frequency) {
        fw.frequency = 16000000;
    }
    if (fw.frequency % 1000000 != 0) {
        fprintf(stderr, "simavr-harness: the clock must be a whole number of MHz\n");
        return 2;
    }
    avr_t *avr = avr_make_mcu_by_name(fw.mmcu);
    if (!avr) {
        fprintf(stderr, "simavr-harness: unknown MCU %s\n", fw.mmcu);
        return 1;
    }
    avr_init(avr);
    avr->log = LOG_ERROR;
    avr_load_firmware(avr, &fw);
    avr->frequency = fw.frequency;
    avr->sleep = no_sleep;
    h.avr = avr;
    h.cycles_per_us = fw.frequency / 1000000;

    if (log_path) {
        h.log = fopen(log_path, "w");
        if (!h.log) {
            perror(log_path);
            return 1;
        }
    }

    /* UART0 bytes come to us, not to simavr's console printer. */
    uint32_t flags = 0;
    avr_ioctl(avr, AVR_IOCTL_UART_GET_FLAGS('0'), &flags);
    flags &= ~AVR_UART_FLAG_STDIO;
    avr_ioctl(avr, AVR_IOCTL_UART_SET_FLAGS('0'), &flags);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT), on_uart_byte, &h);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('B'), 5), on_led_change, &h);

    /* Receiver outputs: D2, D3, D4 are PD2, PD3, PD4. Idle low, as a servo signal is between pulses. */
    for (int ch = 0; ch < MAX_CHANNELS; ch++) {
        h.pin[ch] = avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('D'), 2 + ch);
        if (ch < h.channels) {
            avr_raise_irq(h.pin[ch], 0);
        }
    }
    if (h.segment_count > 0 && lay_out_next_frame(&h)) {
        avr_cycle_timer_register(avr, h.edges[0].cycle, on_edge_due, &h);
    }

    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    if (use_pty) {
        char path[128];
        h.pty = open_pty(path, sizeof path);
        printf("pty %s\n", path);
        fflush(stdout);
        while (wait_open && !pty_is_open(h.pty) && !stop_requested) {
            struct timespec pause = {0, 2000000};
            nanosleep(&pause, NULL);
        }
    }

    struct timespec started;
    clock_gettime(CLOCK_MONOTONIC, &started);
    const uint64_t end_cycle = (uint64_t) (seconds * (double) fw.frequency);
    const uint64_t service_cycles = h.cycles_per_us * 1000; /* look after pacing and the pty every 1 ms */
    uint64_t next_service = service_cycles;
    int was_open = use_pty && pty_is_open(h.pty);
    double slip = 0; /* seconds the simulation has fallen behind the wall clock for good */
    int state = cpu_Running;
    while (!stop_requested && avr->cycle < end_cycle && state != cpu_Done && state != cpu_Crashed) {
        state = avr_run(avr);
        if (avr->cycle < next_service) {
            continue;
        }
        next_service += service_cycles;
        if (use_pty) {
            service_pty(&h);
            int open_now = pty_is_open(h.pty);
            if (exit_on_close && was_open && !open_now) {
                break;
            }
            was_open = open_now;
        }
        if (realtime) {
            double ahead = (double) avr->cycle / (double) fw.frequency - (seconds_since(&started) - slip);
            if (ahead > 0.002) {
                struct timespec pause = {0, (long) (ahead * 1e9)};
                nanosleep(&pause, NULL);
            } else if (ahead < -MAX_LAG_S) {
                /* Starved of CPU: let the board's clock slip (like a slow crystal) rather than catch up
                 * in a burst, which would look like a long delivery delay to the reader. */
                slip += -ahead - MAX_LAG_S;
            }
        }
    }
    if (use_pty) {
        service_pty(&h);
    }
    fflush(stdout);
    if (h.log) {
        fclose(h.log);
    }
    double simulated = (double) avr->cycle / (double) fw.frequency;
    fprintf(stderr,
            "simavr-harness: simulated %.3f s in %.3f s (%.3f s slipped), %lu pulses in, %lu UART bytes out, "
            "%lu dropped%s\n",
            simulated, seconds_since(&started), slip, h.pulses, h.uart_bytes, h.dropped_bytes,
            state == cpu_Crashed ? ", firmware crashed" : "");
    return state == cpu_Crashed ? 1 : 0;
}
