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
 * "pty <path>"; what the host writes to that pty goes into the board's UART at the UART's pace
 * (uart_link.c). --realtime paces the simulation to the wall clock (simavr otherwise runs as fast as it
 * can), in quanta of --quantum-us simulated microseconds. --truth FILE logs when every edge, LED change,
 * host line and board record really happened, on the simulated and the host's clocks (truth.c).
 *
 * Build: make -C firmware harness (needs libsimavr-dev).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

#include <avr_ioport.h>
#include <sim_avr.h>
#include <sim_elf.h>

#include "truth.h"
#include "uart_link.h"

#define MAX_CHANNELS 3
#define MAX_SEGMENTS 64
#define RANDOM_WIDTH (-1)
#define MAX_LAG_NS 20000000LL
#define OPEN_CHECK_EVERY_US 1000

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
    truth_t *truth;
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

    uint64_t quantum_cycles;
    volatile int quantum_over;  /* set by the quantum timer, cleared by the pacing loop */
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
            "  --truth FILE          when edges, LED changes, host lines and records happened (see README)\n"
            "  --pty                 UART on a new pseudo-terminal (prints 'pty PATH'), else on stdout;\n"
            "                        what the host writes to it goes into the UART\n"
            "  --wait-open           with --pty: start the MCU when the pty is opened (an Uno resets then)\n"
            "  --exit-on-close       with --pty: stop when the program that opened it closes it\n"
            "  --realtime            pace the simulation to the wall clock\n"
            "  --quantum-us N        simulated time run between looks at the clock and the pty (default 250)\n");
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
        if (h->truth) {
            truth_edge(h->truth, e->channel, e->level);
        }
        h->next_edge++;
    }
}

static void on_led_change(struct avr_irq_t *irq, uint32_t value, void *param) {
    harness_t *h = param;
    (void) irq;
    if (h->log) {
        fprintf(h->log, "led,%llu,%u\n", (unsigned long long) (h->avr->cycle / h->cycles_per_us), value & 1);
    }
    if (h->truth) {
        truth_led(h->truth, (int) (value & 1));
    }
}

/* Cycle timer: ends a quantum, so the simulation never runs (or sleeps) past one unserviced. */
static avr_cycle_count_t on_quantum(avr_t *avr, avr_cycle_count_t when, void *param) {
    harness_t *h = param;
    (void) avr;
    h->quantum_over = 1;
    return when + h->quantum_cycles;
}

/* With --realtime the harness asks for a real-time scheduling class: it needs the CPU only for short
 * bursts (about 10% of a core), but needs them on time, and on a busy machine an ordinary process waits
 * milliseconds for its turn. Where that is not allowed it runs as it is. */
static int take_realtime_priority(void) {
    struct sched_param p = {.sched_priority = 10};
    return sched_setscheduler(0, SCHED_FIFO, &p) == 0;
}

/* An emulation that cannot keep up would hold the CPU for good: it goes back to ordinary scheduling. */
static void give_up_realtime_priority(void) {
    struct sched_param p = {.sched_priority = 0};
    sched_setscheduler(0, SCHED_OTHER, &p);
}

static void sleep_until(int64_t monotonic_ns) {
    struct timespec until = {(time_t) (monotonic_ns / 1000000000LL), (long) (monotonic_ns % 1000000000LL)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) != 0 && !stop_requested) {
    }
}

int main(int argc, char **argv) {
    static harness_t h;
    const char *firmware = NULL, *mcu = NULL, *log_path = NULL, *truth_path = NULL;
    unsigned long freq = 0, quantum_us = 250;
    double seconds = 10;
    int use_pty = 0, wait_open = 0, exit_on_close = 0, realtime = 0;
    h.frame_us = 20000;
    h.start_us = 5000;
    h.gap_us = 100;
    h.rng = 1;

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
        } else if (!strcmp(a, "--truth") && has_value) {
            truth_path = argv[++i];
        } else if (!strcmp(a, "--quantum-us") && has_value) {
            quantum_us = strtoul(argv[++i], NULL, 10);
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
    if (firmware == NULL || h.frame_us == 0 || quantum_us == 0) {
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
    h.quantum_cycles = h.cycles_per_us * quantum_us;

    if (log_path) {
        h.log = fopen(log_path, "w");
        if (!h.log) {
            perror(log_path);
            return 1;
        }
    }

    if (truth_path) {
        h.truth = truth_open(truth_path, avr);
    }
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
    avr_cycle_timer_register(avr, h.quantum_cycles, on_quantum, &h);

    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    int pty = -1;
    if (use_pty) {
        char path[128];
        pty = uart_link_open_pty(path, sizeof path);
        printf("pty %s\n", path);
        fflush(stdout);
        while (wait_open && !uart_link_pty_is_open(pty) && !stop_requested) {
            struct timespec pause = {0, 2000000};
            nanosleep(&pause, NULL);
        }
    }
    uart_link_t *link = uart_link_attach(avr, pty, h.truth);
    /* Wake-ups on time: the default timer slack would add 50 us to each. */
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);

    const int64_t started_ns = truth_monotonic_ns();
    const uint64_t end_cycle = (uint64_t) (seconds * (double) fw.frequency);
    const unsigned long open_check_quanta = quantum_us >= OPEN_CHECK_EVERY_US ? 1 : OPEN_CHECK_EVERY_US / quantum_us;
    unsigned long quanta = 0;
    int was_open = use_pty && uart_link_pty_is_open(pty);
    /* The schedule: cycle c is due on the host at origin_ns + c's simulated time. origin_ns moves on only
     * when the board's clock slips. */
    int64_t origin_ns = started_ns;
    if (realtime && h.truth) {
        truth_schedule(h.truth, origin_ns);
    }
    int priority = realtime && take_realtime_priority();
    int state = cpu_Running;
    while (!stop_requested && avr->cycle < end_cycle && state != cpu_Done && state != cpu_Crashed) {
        state = avr_run(avr);
        if (!h.quantum_over) {
            continue;
        }
        h.quantum_over = 0;
        /* The quantum ran ahead of the host's clock (a few us of work for 250 us of board time): wait until
         * its end is due, then pass on what the board sent in it (no byte leaves before its moment) and
         * what the host sent meanwhile. */
        int64_t done_ns = truth_monotonic_ns();
        int64_t resume_ns = done_ns;
        if (realtime) {
            int64_t due_ns = origin_ns + (int64_t) (avr->cycle * 1000 / h.cycles_per_us);
            if (due_ns > done_ns) {
                sleep_until(due_ns);
                resume_ns = truth_monotonic_ns();
            } else if (done_ns - due_ns > MAX_LAG_NS) {
                /* Starved of CPU: let the board's clock slip (like a slow crystal) rather than catch up
                 * in a burst, which would look like a long delivery delay to the reader. */
                origin_ns += done_ns - due_ns - MAX_LAG_NS;
                if (h.truth) {
                    truth_schedule(h.truth, origin_ns);
                }
                if (priority) {
                    give_up_realtime_priority();
                    priority = 0;
                }
            }
        }
        if (h.truth) {
            truth_pace(h.truth, avr->cycle, done_ns, resume_ns);
            truth_flush_if_due(h.truth, resume_ns);
        }
        uart_link_service(link);
        if (use_pty && ++quanta % open_check_quanta == 0) {
            int open_now = uart_link_pty_is_open(pty);
            if (exit_on_close && was_open && !open_now) {
                break;
            }
            was_open = open_now;
        }
    }
    uart_link_service(link);
    fflush(stdout);
    if (h.log) {
        fclose(h.log);
    }
    if (h.truth) {
        truth_close(h.truth);
    }
    char summary[160];
    uart_link_summary(link, summary, sizeof summary);
    double simulated = (double) avr->cycle / (double) fw.frequency;
    fprintf(stderr, "simavr-harness: simulated %.3f s in %.3f s (%.3f s slipped%s), %lu pulses in, %s%s\n",
            simulated, (double) (truth_monotonic_ns() - started_ns) / 1e9, (double) (origin_ns - started_ns) / 1e9,
            priority ? ", real-time priority" : "", h.pulses, summary, state == cpu_Crashed ? ", firmware crashed" : "");
    return state == cpu_Crashed ? 1 : 0;
}
