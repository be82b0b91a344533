/*
 * The truth file: one CSV row per moment the harness knows exactly, so a test can score what the board
 * and a recorder said about time:
 *
 *   seq,kind,device_us,true_mono_ns,true_epoch_ns,corrupt,sim_ns,anchor,detail
 *
 * The first six columns are those of the Java simulator's --truth file (drivetape.sim.TruthFile); rows of
 * kind sample / event are the board's records, rise / fall / led / rx the moments the harness drove or saw.
 * The columns are explained in firmware/README.md ("The truth file").
 */
#define _GNU_SOURCE
#include "truth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sim_io.h>

#define TCCR0A 0x44
#define TCCR0B 0x45
#define TIMER0_PRESCALER 64     /* what the Arduino core's micros() assumes */
#define MATCH_US 50             /* a record's t_us names an edge or LED change within this */
#define RECENT_FALLS 256
#define RECENT_LEDS 32
#define PACE_POINTS 16384       /* 1.6 s of 100 us quanta */
#define FLUSH_EVERY_NS 1000000000LL
#define BOARD_LINE_CAPACITY 128
#define DETAIL_CAPACITY 121

typedef struct {
    uint64_t cycle;
    int64_t mono_ns;
} moment_t;

typedef struct {
    uint64_t cycle;
    int64_t done_ns, resume_ns; /* when the simulation got to `cycle`, and went on from it */
    int64_t origin_ns;          /* the schedule then in force */
} pace_t;

struct truth {
    FILE *out;
    avr_t *avr;
    uint64_t cycles_per_us;
    int64_t epoch_minus_mono;
    int64_t last_flush_ns;
    int scheduled;
    int64_t origin_ns; /* with a schedule, cycle c is due on the host at origin_ns + sim_ns(c) */

    /* the board's micros(): Timer0 counting since clock_start at TIMER0_PRESCALER */
    int clock_known;
    uint64_t clock_start;
    uint8_t tccr0a, tccr0b;

    moment_t falls[RECENT_FALLS];
    unsigned fall_count;
    moment_t leds[RECENT_LEDS];
    unsigned led_count;
    int led_level;

    pace_t pace[PACE_POINTS];
    unsigned pace_count;

    char board_line[BOARD_LINE_CAPACITY];
    size_t board_length;
    int board_overflow;
};

int64_t truth_monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int64_t realtime_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ---- the board's clock ------------------------------------------------------------------------------ */

/* simavr restarts a timer's count when its clock select or waveform mode changes (the Arduino core sets
 * both once, in init()); from then on TCNT0 = (cycle - start) / 64 and micros() = TCNT0 ticks x 4 us. */
static void on_timer0_write(avr_t *avr, avr_io_addr_t addr, uint8_t v, void *param) {
    truth_t *t = param;
    uint8_t a = addr == TCCR0A ? v : t->tccr0a;
    uint8_t b = addr == TCCR0B ? v : t->tccr0b;
    int changed = ((a ^ t->tccr0a) & 0x03) || ((b ^ t->tccr0b) & 0x0F);
    t->tccr0a = a;
    t->tccr0b = b;
    if (!changed) {
        return;
    }
    t->clock_known = (b & 0x07) == 3; /* prescaler 64 */
    t->clock_start = avr->cycle;
}

/* micros() as the board reads it at `cycle`, unwrapped; -1 when unknown. */
static int64_t device_us_at(const truth_t *t, uint64_t cycle) {
    if (!t->clock_known || cycle < t->clock_start) {
        return -1;
    }
    uint64_t ticks = (cycle - t->clock_start) / TIMER0_PRESCALER;
    return (int64_t) (ticks * TIMER0_PRESCALER / t->cycles_per_us);
}

/* The cycle in the middle of the 4 us step in which micros() reads `device_us`. */
static uint64_t cycle_of_device_us(const truth_t *t, int64_t device_us) {
    return t->clock_start + (uint64_t) device_us * t->cycles_per_us + TIMER0_PRESCALER / 2;
}

/* ---- host time ------------------------------------------------------------------------------------- */

static int64_t sim_ns(const truth_t *t, uint64_t cycle) {
    return (int64_t) (cycle * 1000 / t->cycles_per_us);
}

/* When a moment happened for the host: when it was due by the pacing schedule, or when the simulation
 * executed it if that was later (starved of CPU). Never earlier than the execution, so nothing the host
 * did after it can have caused it, and the harness writes no byte to the pty before its moment. */
static int64_t host_time(const truth_t *t, uint64_t cycle, int64_t executed_ns, int scheduled, int64_t origin_ns) {
    if (!scheduled) {
        return executed_ns;
    }
    int64_t due = origin_ns + sim_ns(t, cycle);
    return due > executed_ns ? due : executed_ns;
}

void truth_schedule(truth_t *t, int64_t origin_ns) {
    t->scheduled = 1;
    t->origin_ns = origin_ns;
}

/* ---- rows ------------------------------------------------------------------------------------------- */

static void write_row(truth_t *t, const char *seq, const char *kind, int64_t device_us, int64_t mono_ns,
                      int corrupt, int64_t cycle, const char *anchor, const char *detail) {
    fprintf(t->out, "%s,%s,", seq, kind);
    if (device_us >= 0) {
        fprintf(t->out, "%lld", (long long) (device_us & 0xFFFFFFFFLL));
    }
    if (mono_ns >= 0) {
        fprintf(t->out, ",%lld,%lld", (long long) mono_ns, (long long) (mono_ns + t->epoch_minus_mono));
    } else {
        fputs(",,", t->out);
    }
    fprintf(t->out, ",%d,", corrupt);
    if (cycle >= 0) {
        fprintf(t->out, "%lld", (long long) sim_ns(t, (uint64_t) cycle));
    }
    fprintf(t->out, ",%s,%s\n", anchor, detail);
}

/* A moment happening now; returns it, for records that will name it. */
static moment_t write_moment(truth_t *t, const char *kind, const char *detail) {
    uint64_t cycle = t->avr->cycle;
    moment_t now = {cycle, host_time(t, cycle, truth_monotonic_ns(), t->scheduled, t->origin_ns)};
    write_row(t, "", kind, device_us_at(t, now.cycle), now.mono_ns, 0, (int64_t) now.cycle, "", detail);
    return now;
}

truth_t *truth_open(const char *path, avr_t *avr) {
    truth_t *t = calloc(1, sizeof *t);
    if (!t || !(t->out = fopen(path, "w"))) {
        perror(path);
        exit(1);
    }
    t->avr = avr;
    t->cycles_per_us = avr->frequency / 1000000;
    t->led_level = -1;
    /* Wall clock between two monotonic readings, as drivetape.timing.TimeBase anchors it. */
    int64_t before = truth_monotonic_ns();
    int64_t wall = realtime_ns();
    int64_t after = truth_monotonic_ns();
    t->epoch_minus_mono = wall - (before + (after - before) / 2);
    t->last_flush_ns = after;
    fputs("seq,kind,device_us,true_mono_ns,true_epoch_ns,corrupt,sim_ns,anchor,detail\n", t->out);
    fflush(t->out);
    /* After the timer's own handlers: simavr chains several watchers on one register. */
    avr_register_io_write(avr, TCCR0A, on_timer0_write, t);
    avr_register_io_write(avr, TCCR0B, on_timer0_write, t);
    return t;
}

void truth_pace(truth_t *t, uint64_t cycle, int64_t done_ns, int64_t resume_ns) {
    t->pace[t->pace_count % PACE_POINTS] = (pace_t) {cycle, done_ns, resume_ns, t->origin_ns};
    t->pace_count++;
}

/* The host time of `cycle` (in the past): when it was due, or when it was executed, interpolated between
 * the pacing readings around it, if that was later. */
static int64_t mono_at(const truth_t *t, uint64_t cycle) {
    if (t->pace_count == 0) {
        return -1;
    }
    unsigned newest = t->pace_count - 1;
    unsigned oldest = t->pace_count > PACE_POINTS ? t->pace_count - PACE_POINTS : 0;
    const pace_t *last = &t->pace[newest % PACE_POINTS];
    pace_t from, to;
    if (cycle >= last->cycle) {
        /* in the quantum running now */
        from = *last;
        to = (pace_t) {t->avr->cycle, truth_monotonic_ns(), 0, t->origin_ns};
    } else {
        if (cycle < t->pace[oldest % PACE_POINTS].cycle) {
            return -1;
        }
        unsigned lo = oldest, hi = newest; /* pace[lo].cycle <= cycle < pace[hi].cycle */
        while (hi - lo > 1) {
            unsigned mid = lo + (hi - lo) / 2;
            if (t->pace[mid % PACE_POINTS].cycle <= cycle) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        from = t->pace[lo % PACE_POINTS];
        to = t->pace[hi % PACE_POINTS];
    }
    int64_t executed = from.resume_ns;
    if (to.cycle > from.cycle) {
        double fraction = (double) (cycle - from.cycle) / (double) (to.cycle - from.cycle);
        executed += (int64_t) (fraction * (double) (to.done_ns - from.resume_ns));
    }
    return host_time(t, cycle, executed, t->scheduled, from.origin_ns);
}

void truth_edge(truth_t *t, int channel, int level) {
    char detail[8];
    snprintf(detail, sizeof detail, "%d", channel);
    moment_t now = write_moment(t, level ? "rise" : "fall", detail);
    if (!level) {
        t->falls[t->fall_count % RECENT_FALLS] = now;
        t->fall_count++;
    }
}

void truth_led(truth_t *t, int level) {
    if (level == t->led_level) {
        return;
    }
    t->led_level = level;
    t->leds[t->led_count % RECENT_LEDS] = write_moment(t, "led", level ? "1" : "0");
    t->led_count++;
}

void truth_host_line(truth_t *t, const char *line, size_t length) {
    char detail[DETAIL_CAPACITY];
    size_t n = 0;
    for (size_t i = 0; i < length && n < sizeof detail - 1; i++) {
        char c = line[i];
        detail[n++] = c == ',' ? ';' : (c < ' ' || c > '~' || c == '"') ? '?' : c;
    }
    detail[n] = '\0';
    write_moment(t, "rx", detail);
}

/* ---- records the board sent --------------------------------------------------------------------------- */

/* The remembered moment whose micros() lies nearest `device_us`, within MATCH_US; NULL if none. */
static const moment_t *nearest(const truth_t *t, const moment_t *ring, unsigned count, unsigned capacity,
                               int64_t device_us) {
    const moment_t *best = NULL;
    int64_t best_distance = MATCH_US + 1;
    unsigned first = count > capacity ? count - capacity : 0;
    for (unsigned i = first; i < count; i++) {
        const moment_t *m = &ring[i % capacity];
        int64_t distance = llabs(device_us_at(t, m->cycle) - device_us);
        if (distance < best_distance) {
            best_distance = distance;
            best = m;
        }
    }
    return best;
}

static const char *parse_u32(const char *p, uint32_t *value) {
    uint64_t v = 0;
    const char *start = p;
    while (*p >= '0' && *p <= '9' && p - start < 10) {
        v = v * 10 + (uint64_t) (*p++ - '0');
    }
    if (p == start || v > 0xFFFFFFFFULL || (*p >= '0' && *p <= '9')) {
        return NULL;
    }
    *value = (uint32_t) v;
    return p;
}

static void take_board_line(truth_t *t) {
    char *line = t->board_line;
    line[t->board_length] = '\0';
    if (t->board_length > 0 && line[t->board_length - 1] == '\r') {
        line[--t->board_length] = '\0';
    }
    if (line[0] != '$' && line[0] != '!') {
        return;
    }
    char *star = strrchr(line, '*');
    uint32_t seq, device_us;
    const char *p = parse_u32(line + 1, &seq);
    if (!star || strlen(star) != 3 || !p || *p != ',' || !(p = parse_u32(p + 1, &device_us))) {
        return;
    }
    char name[24] = "";
    if (line[0] == '!' && *p == ',') {
        size_t n = 0;
        for (p++; *p && *p != ',' && *p != '*' && n < sizeof name - 1; p++) {
            name[n++] = *p;
        }
        name[n] = '\0';
    }
    uint8_t xor = 0;
    for (const char *c = line + 1; c < star; c++) {
        xor ^= (uint8_t) *c;
    }
    int corrupt = strtoul(star + 1, NULL, 16) != xor;

    char seq_text[12];
    snprintf(seq_text, sizeof seq_text, "%u", seq);
    const char *kind = line[0] == '$' ? "sample" : "event";
    int64_t now_us = device_us_at(t, t->avr->cycle);
    if (now_us < 0) {
        write_row(t, seq_text, kind, device_us, -1, corrupt, -1, "", name);
        return;
    }
    /* The record's 32-bit t_us, unwrapped next to the board's clock now (it was measured a moment ago). */
    int64_t t_us = now_us - (int64_t) (uint32_t) ((uint32_t) now_us - device_us);
    const moment_t *m = NULL;
    const char *anchor = "clock";
    if (line[0] == '$') {
        m = nearest(t, t->falls, t->fall_count, RECENT_FALLS, t_us);
        anchor = m ? "fall" : anchor;
    } else if (!strcmp(name, "led")) {
        m = nearest(t, t->leds, t->led_count, RECENT_LEDS, t_us);
        anchor = m ? "led" : anchor;
    }
    if (m) {
        write_row(t, seq_text, kind, device_us, m->mono_ns, corrupt, (int64_t) m->cycle, anchor, name);
    } else {
        uint64_t cycle = cycle_of_device_us(t, t_us);
        write_row(t, seq_text, kind, device_us, mono_at(t, cycle), corrupt, (int64_t) cycle, anchor, name);
    }
}

void truth_board_byte(truth_t *t, uint8_t byte) {
    if (byte == '\n') {
        if (!t->board_overflow) {
            take_board_line(t);
        }
        t->board_length = 0;
        t->board_overflow = 0;
    } else if (t->board_length < BOARD_LINE_CAPACITY - 1) {
        t->board_line[t->board_length++] = (char) byte;
    } else {
        t->board_overflow = 1;
    }
}

void truth_flush_if_due(truth_t *t, int64_t now_ns) {
    if (now_ns - t->last_flush_ns >= FLUSH_EVERY_NS) {
        fflush(t->out);
        t->last_flush_ns = now_ns;
    }
}

void truth_close(truth_t *t) {
    fclose(t->out);
    free(t);
}
