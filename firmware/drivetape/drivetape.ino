// drivetape controller firmware for the Arduino Uno / Nano (ATmega328P, 16 MHz).
//
// Measures the RC receiver's servo pulses and streams them to the recorder over USB serial, speaking
// serial protocol v1 (docs: shared/protocol.md in the drivetape repository):
//   #hello proto=1 fw=<version> channels=steering,throttle[,aux] rate_hz=<r> link=uart caps=ping,blink
//   $<seq>,<t_us>,<steering>,<throttle>[,<aux>]*<CK>                          samples
//   !<seq>,<t_us>,<name>[,<value>]*<CK>                                        events (failsafe, led, pong)
// and it answers the host's lines `?ping,<n>` (with a pong event) and `?blink,<count>,<mean_ms>`.
//
// Wiring: steering signal on D2 (INT0), throttle on D3 (INT1), optional aux switch on D4 (pin change).
// See firmware/README.md. Opens unchanged in the Arduino IDE; `make -C firmware` builds it without one.

#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/sleep.h>

// ---- Compile-time settings (the Makefile can override them with -D) ----------------------------------
#ifndef DRIVETAPE_FW_VERSION
#define DRIVETAPE_FW_VERSION "1.0.0"
#endif
// Samples per second while there is no signal; with signal, one sample per RC frame (50 Hz receivers).
#ifndef DRIVETAPE_RATE_HZ
#define DRIVETAPE_RATE_HZ 50
#endif
// 1 adds a third channel, "aux" (a switch channel), on DRIVETAPE_AUX_PIN.
#ifndef DRIVETAPE_AUX
#define DRIVETAPE_AUX 0
#endif
// Any pin with a pin-change interrupt except D2/D3 (on the Uno and Nano: every digital and analog pin).
#ifndef DRIVETAPE_AUX_PIN
#define DRIVETAPE_AUX_PIN 4
#endif
#ifndef DRIVETAPE_BAUD
#define DRIVETAPE_BAUD 115200
#endif
// A channel without a pulse for this long reads 0 (no signal).
#ifndef DRIVETAPE_SIGNAL_TIMEOUT_MS
#define DRIVETAPE_SIGNAL_TIMEOUT_MS 100
#endif
// LED blinks after boot, so a camera that sees the LED can be lined up with the led events (0: none).
#ifndef DRIVETAPE_CALIBRATION_BLINKS
#define DRIVETAPE_CALIBRATION_BLINKS 3
#endif
#ifndef DRIVETAPE_BLINK_MS
#define DRIVETAPE_BLINK_MS 100
#endif
// Pulses outside this range are noise, not servo pulses, and are ignored.
#ifndef DRIVETAPE_MIN_PULSE_US
#define DRIVETAPE_MIN_PULSE_US 250
#endif
#ifndef DRIVETAPE_MAX_PULSE_US
#define DRIVETAPE_MAX_PULSE_US 4000
#endif
// 1 turns on the pins' pull-ups, so a channel with its lead unplugged reads "no signal" instead of
// floating. Off by default: a receiver drives its signal lines itself, and simavr takes a pull-up for a
// driven level, which would hide the first pulse from an emulated board.
#ifndef DRIVETAPE_PULLUPS
#define DRIVETAPE_PULLUPS 0
#endif
// Fast receivers (100-333 Hz frames) would outrun 115200 baud: samples are sent at most this often.
#ifndef DRIVETAPE_MAX_SAMPLE_HZ
#define DRIVETAPE_MAX_SAMPLE_HZ 100
#endif
// The hello's link kind: "uart" for a board whose UART goes through a USB-serial bridge (Uno, Nano).
#ifndef DRIVETAPE_LINK
#define DRIVETAPE_LINK "uart"
#endif
// ?blink limits: a run of 1..BLINK_MAX_COUNT toggles, mean interval BLINK_MIN_MEAN_MS..BLINK_MAX_MEAN_MS.
// The lower bound keeps the led events well within what the UART carries besides the samples.
#define BLINK_MAX_COUNT 1000
#define BLINK_MIN_MEAN_MS 10
#define BLINK_MAX_MEAN_MS 60000

#if DRIVETAPE_AUX
#define CHANNELS 3
#define CHANNEL_NAMES "steering,throttle,aux"
#else
#define CHANNELS 2
#define CHANNEL_NAMES "steering,throttle"
#endif
#define STR2(x) #x
#define STR(x) STR2(x)

const uint8_t STEERING = 0;  // D2 = PD2 = INT0
const uint8_t THROTTLE = 1;  // D3 = PD3 = INT1
const uint8_t ALL_CHANNELS = (1 << CHANNELS) - 1;
// Losing either of these is a failsafe; a missing aux switch only reads 0.
const uint8_t PRIMARY_CHANNELS = (1 << STEERING) | (1 << THROTTLE);
const uint32_t PERIOD_US = 1000000UL / DRIVETAPE_RATE_HZ;
const uint32_t MAX_FRAME_SPREAD_US = PERIOD_US / 2;  // a frame's pulses all end within this
const uint32_t MIN_SAMPLE_INTERVAL_US = 1000000UL / DRIVETAPE_MAX_SAMPLE_HZ;
const uint32_t SIGNAL_TIMEOUT_US = DRIVETAPE_SIGNAL_TIMEOUT_MS * 1000UL;
// Timer1 runs free at F_CPU / 8: 0.5 us ticks on a 16 MHz board, wrapping every 32.8 ms.
const uint16_t MIN_PULSE_TICKS = DRIVETAPE_MIN_PULSE_US * (F_CPU / 1000000UL / 8);
const uint16_t MAX_PULSE_TICKS = DRIVETAPE_MAX_PULSE_US * (F_CPU / 1000000UL / 8);
const uint8_t TICKS_PER_US = F_CPU / 1000000UL / 8;
const uint16_t TICKS_PER_MS = F_CPU / 1000UL / 8;

// ---- Interrupt handler state ---------------------------------------------------------------------------
// Edges are timestamped with Timer1 (0.5 us) rather than micros() (4 us steps): the width comes out
// within a microsecond. The main loop maps the falling edge onto micros() for t_us.
uint8_t pinLevels;                 // last seen level of each channel's pin, bit per channel
uint8_t risenChannels;             // channels whose rising edge was seen since their last falling edge
uint16_t riseTick[CHANNELS];
// Shared with the main loop:
volatile uint16_t pulseTicks[CHANNELS];  // width of the last complete pulse
volatile uint16_t fallTick[CHANNELS];    // Timer1 at that pulse's falling edge
volatile uint8_t newPulses;        // channels with a pulse the main loop has not taken yet

#if DRIVETAPE_AUX
volatile uint8_t *auxInput;
uint8_t auxMask;
#endif

// ---- Main loop state -----------------------------------------------------------------------------------
uint16_t value[CHANNELS];          // microseconds, 0 = no signal
uint32_t lastPulseUs[CHANNELS];
uint8_t liveChannels;              // channels with a pulse within the signal timeout
uint8_t pendingChannels;           // channels with a new pulse since the last sample
uint32_t pendingUs;                // falling edge of the newest pending pulse
uint32_t lastSampleSentUs;
uint16_t lastPassTick;             // Timer1 at the last full pass of loop()
uint32_t nextTimedSampleUs;        // a sample goes out by then even without new pulses
bool failsafe;
uint32_t seq;
uint32_t lastRecordUs;             // t_us of the last record: t_us must never go backwards
// A blink run owns the LED until it ends: the calibration blinks after boot, then any ?blink.
bool blinking = true;
uint16_t blinkTogglesLeft = 2 * DRIVETAPE_CALIBRATION_BLINKS;
uint32_t nextBlinkUs;
uint32_t blinkMeanUs;              // 0: the calibration's fixed DRIVETAPE_BLINK_MS
uint32_t randomState = 0x6D2B79F5UL;  // xorshift32: the same toggle pattern after every boot
bool ledOn;
volatile uint8_t *ledOutput;
uint8_t ledMask;

char line[96];
uint8_t lineLength;

// Pongs wait here from the ping's '\n' to the end of that loop() call: pulses taken in the same call can
// be older, and their sample must go first (records go out in t_us order).
const uint8_t MAX_PARKED_PONGS = 4;
uint32_t parkedPongUs[MAX_PARKED_PONGS];
uint32_t parkedPongN[MAX_PARKED_PONGS];
uint8_t parkedPongs;
// Pongs are answered within a budget: a burst of PONG_BURST, then one per PONG_REFILL_US (100 a second).
// A host pinging faster, or flooding the line, would crowd the samples out of the UART; the pings beyond
// the budget get no answer.
const uint8_t PONG_BURST = 4;
const uint32_t PONG_REFILL_US = 10000;
uint8_t pongTokens = PONG_BURST;
uint32_t pongTokenUs;

// What the host sends: the longest known line is "?blink,1000,60000" (17 bytes); anything longer is not
// one of ours and is dropped up to its newline.
const uint8_t HOST_LINE_CAPACITY = 23;
char hostLine[HOST_LINE_CAPACITY + 1];
uint8_t hostLineLength;
bool hostLineTooLong;

// Reads all channel pins into one byte, bit per channel.
static inline uint8_t readPins() {
  uint8_t levels = (PIND >> 2) & 0x03;  // PD2 -> bit 0, PD3 -> bit 1
#if DRIVETAPE_AUX
  if (*auxInput & auxMask) {
    levels |= 1 << 2;
  }
#endif
  return levels;
}

// Inlined, so the handler makes no call (and pushes no more registers) per channel.
static inline void takeEdge(uint8_t ch, uint8_t levels, uint8_t changed, uint16_t now) __attribute__((always_inline));
static inline void takeEdge(uint8_t ch, uint8_t levels, uint8_t changed, uint16_t now) {
  const uint8_t bit = 1 << ch;
  if (!(changed & bit)) {
    return;
  }
  if (levels & bit) {
    riseTick[ch] = now;
    risenChannels |= bit;
    return;
  }
  if (!(risenChannels & bit)) {
    return;  // a falling edge without its rising edge (the first one after boot): not a whole pulse
  }
  risenChannels &= ~bit;
  uint16_t width = now - riseTick[ch];
  if (width >= MIN_PULSE_TICKS && width <= MAX_PULSE_TICKS) {
    pulseTicks[ch] = width;
    fallTick[ch] = now;
    newPulses |= bit;
  }
}

// One handler for every channel: a receiver that starts all pulses at once raises INT0 and INT1 together,
// and handling both here gives both the same timestamp instead of delaying the second by a whole handler.
// Kept short: while it (or any handler) runs, an edge on another channel waits and its time comes out late.
ISR(INT0_vect) {
  uint16_t now = TCNT1;
  // Clear the flags before reading the pins: an edge after this point raises them again and is not lost.
  EIFR = _BV(INTF0) | _BV(INTF1);
#if DRIVETAPE_AUX
  PCIFR = _BV(PCIF0) | _BV(PCIF1) | _BV(PCIF2);
#endif
  uint8_t levels = readPins();
  uint8_t changed = levels ^ pinLevels;
  pinLevels = levels;
  takeEdge(STEERING, levels, changed, now);
  takeEdge(THROTTLE, levels, changed, now);
#if DRIVETAPE_AUX
  takeEdge(2, levels, changed, now);
#endif
}
ISR(INT1_vect, ISR_ALIASOF(INT0_vect));
#if DRIVETAPE_AUX
ISR(PCINT0_vect, ISR_ALIASOF(INT0_vect));
ISR(PCINT1_vect, ISR_ALIASOF(INT0_vect));
ISR(PCINT2_vect, ISR_ALIASOF(INT0_vect));
#endif

// ---- Output ----------------------------------------------------------------------------------------------
// Decimal digits by subtracting powers of ten: ultoa's 32-bit divisions cost about 40 us a digit on an
// AVR, and made a record take half a millisecond to format; this takes a few microseconds a digit.
const uint32_t POWERS_OF_TEN[9] = {1000000000UL, 100000000UL, 10000000UL, 1000000UL, 100000UL, 10000UL,
                                   1000UL, 100UL, 10UL};

// Writes `number` in decimal at `out` (no terminator); returns how many digits.
static uint8_t writeDecimal(char *out, uint32_t number) {
  uint8_t length = 0;
  for (uint8_t i = 0; i < 9; i++) {
    char digit = '0';
    while (number >= POWERS_OF_TEN[i]) {
      number -= POWERS_OF_TEN[i];
      digit++;
    }
    if (digit != '0' || length > 0) {
      out[length++] = digit;
    }
  }
  out[length++] = '0' + (char)number;
  return length;
}

void startRecord(char marker, uint32_t tUs) {
  // Values are measured before they are sent, so a sample can carry a time just before the previous
  // record's; the recorder would take a step back in t_us for a board reset.
  if ((int32_t)(tUs - lastRecordUs) < 0) {
    tUs = lastRecordUs;
  }
  lastRecordUs = tUs;
  seq++;
  lineLength = 0;
  line[lineLength++] = marker;
  lineLength += writeDecimal(line + lineLength, seq);
  line[lineLength++] = ',';
  lineLength += writeDecimal(line + lineLength, tUs);
}

void appendNumber(uint32_t number) {
  line[lineLength++] = ',';
  lineLength += writeDecimal(line + lineLength, number);
}

void appendText(const char *text) {
  line[lineLength++] = ',';
  while (*text) {
    line[lineLength++] = *text++;
  }
}

// Appends "*CK\n" (CK: XOR of the bytes between the marker and '*') and sends the line.
void sendRecord() {
  uint8_t checksum = 0;
  for (uint8_t i = 1; i < lineLength; i++) {
    checksum ^= (uint8_t)line[i];
  }
  const char hex[] = "0123456789ABCDEF";
  line[lineLength++] = '*';
  line[lineLength++] = hex[checksum >> 4];
  line[lineLength++] = hex[checksum & 0x0F];
  line[lineLength++] = '\n';
  Serial.write((const uint8_t *)line, lineLength);
}

void sendSample(uint32_t tUs, uint32_t nowUs) {
  startRecord('$', tUs);
  for (uint8_t ch = 0; ch < CHANNELS; ch++) {
    appendNumber(value[ch]);
  }
  sendRecord();
  pendingChannels = 0;
  lastSampleSentUs = nowUs;
}

// Whether every live channel has a new pulse: the frame is whole, its sample may go.
static bool frameComplete() {
  return liveChannels != 0 && (pendingChannels & liveChannels) == liveChannels;
}

// The sample of a whole frame, stamped at its last falling edge.
void sendFrame(uint32_t nowUs) {
  sendSample(pendingUs, nowUs);
  nextTimedSampleUs = nowUs + 2 * PERIOD_US;
}

void sendEvent(uint32_t tUs, const char *name, uint32_t eventValue) {
  // A whole frame still held back by the sample rate limit was measured before this event: it goes
  // first, or its t_us would have to move up to the event's.
  if (frameComplete() && (int32_t)(tUs - pendingUs) >= 0) {
    sendFrame(tUs);
  }
  startRecord('!', tUs);
  appendText(name);
  appendNumber(eventValue);
  sendRecord();
}

// Switches the LED and sends the led event. The pin write and the micros() read share one short window
// with interrupts off (about 3 us), so t_us is the switch's time to micros()' 4 us resolution: no handler
// can run between the two.
uint32_t setLed(bool on) {
  if (on == ledOn) {
    return 0;
  }
  ledOn = on;
  uint8_t oldSreg = SREG;
  cli();
  if (on) {
    *ledOutput |= ledMask;
  } else {
    *ledOutput &= ~ledMask;
  }
  uint32_t switchedUs = micros();
  SREG = oldSreg;
  sendEvent(switchedUs, "led", on ? 1 : 0);
  return switchedUs;
}

// ---- Host lines ----------------------------------------------------------------------------------------
// Parses 1 to 10 decimal digits into a 32-bit value; returns the character after them, or NULL when there
// are none or the value does not fit.
static const char *parseDecimal(const char *text, uint32_t *value) {
  uint32_t v = 0;
  const char *p = text;
  while (*p >= '0' && *p <= '9') {
    uint8_t digit = *p - '0';
    if (v > (0xFFFFFFFFUL - digit) / 10) {
      return NULL;
    }
    v = v * 10 + digit;
    p++;
  }
  if (p == text) {
    return NULL;
  }
  *value = v;
  return p;
}

// The text after `prefix` when the line starts with it, else NULL.
static const char *after(const char *text, const char *prefix) {
  while (*prefix) {
    if (*text++ != *prefix++) {
      return NULL;
    }
  }
  return text;
}

static bool takePongToken(uint32_t nowUs) {
  while (pongTokens < PONG_BURST && nowUs - pongTokenUs >= PONG_REFILL_US) {
    pongTokens++;
    pongTokenUs += PONG_REFILL_US;
  }
  if (pongTokens == PONG_BURST) {
    pongTokenUs = nowUs;  // a full budget earns nothing more
  }
  if (pongTokens == 0) {
    return false;
  }
  pongTokens--;
  return true;
}

// Answers a ping within the pong budget. Within it the UART has room for the pongs besides the samples
// (100 pongs and 100 samples a second are about 6 of its 11.5 kB/s), so a pong waits at most a few
// milliseconds for room in the send buffer (four at once: up to 8 ms).
void sendPong(uint32_t readUs, uint32_t n) {
  if (takePongToken(readUs)) {
    sendEvent(readUs, "pong", n);
  }
}

// Sends the parked pongs (in the order their pings came), all of them or those read before `beforeUs`.
void sendParkedPongs(bool onlyBefore, uint32_t beforeUs) {
  uint8_t sent = 0;
  while (sent < parkedPongs && !(onlyBefore && (int32_t)(parkedPongUs[sent] - beforeUs) >= 0)) {
    sendPong(parkedPongUs[sent], parkedPongN[sent]);
    sent++;
  }
  for (uint8_t i = sent; i < parkedPongs; i++) {
    parkedPongUs[i - sent] = parkedPongUs[i];
    parkedPongN[i - sent] = parkedPongN[i];
  }
  parkedPongs -= sent;
}

// A blink run replaces whatever run is going on (the calibration blinks too); the first toggle comes at
// the next look round.
void startBlinks(uint16_t count, uint32_t meanMs, uint32_t nowUs) {
  blinking = true;
  blinkTogglesLeft = count;
  blinkMeanUs = meanMs * 1000UL;
  nextBlinkUs = nowUs;
}

// `readUs`: micros() when the line's '\n' was taken from the receive buffer.
void takeHostLine(uint32_t readUs) {
  const char *p;
  uint32_t n, count, meanMs;
  if ((p = after(hostLine, "?ping,")) != NULL) {
    if ((p = parseDecimal(p, &n)) != NULL && *p == '\0' && parkedPongs < MAX_PARKED_PONGS) {
      parkedPongUs[parkedPongs] = readUs;
      parkedPongN[parkedPongs] = n;
      parkedPongs++;
    }
  } else if ((p = after(hostLine, "?blink,")) != NULL) {
    if ((p = parseDecimal(p, &count)) != NULL && *p == ',' && (p = parseDecimal(p + 1, &meanMs)) != NULL
        && *p == '\0' && count >= 1 && count <= BLINK_MAX_COUNT && meanMs >= BLINK_MIN_MEAN_MS
        && meanMs <= BLINK_MAX_MEAN_MS) {
      startBlinks(count, meanMs, readUs);
    }
  }
  // Anything else is a line this firmware does not know: ignored.
}

// Takes what the host sent from the receive buffer (filled by the core's UART interrupt handler).
// loop() calls this on every wake-up, before it decides whether to sleep, and every interrupt wakes it,
// the UART's receive interrupt included. So while loop() sleeps, a '\n' is read 12 to 24 us after it
// arrived (the receive handler, the way back from sleep, this function; measured in simavr, most pings).
// A '\n' that arrives while a pass formats and queues a sample (about 0.35 ms after the frame's last
// falling edge) waits for that pass: up to about 0.4 ms. micros() is read once the '\n' is out of the
// buffer, so the stamp is never earlier than the byte's arrival.
void readHost() {
  while (Serial.available() > 0) {
    char c = (char)Serial.read();
    if (c == '\n') {
      uint32_t readUs = micros();
      if (!hostLineTooLong) {
        hostLine[hostLineLength] = '\0';
        takeHostLine(readUs);
      }
      hostLineLength = 0;
      hostLineTooLong = false;
    } else if (c == '\r') {
      // a '\r' before the '\n' is ignored
    } else if (hostLineLength < HOST_LINE_CAPACITY) {
      hostLine[hostLineLength++] = c;
    } else {
      hostLineTooLong = true;
    }
  }
}

static uint32_t nextRandom() {
  randomState ^= randomState << 13;
  randomState ^= randomState >> 17;
  randomState ^= randomState << 5;
  return randomState;
}

// When the toggle after the one at `toggledUs` is due. The calibration keeps a fixed grid; a ?blink run
// draws each interval uniformly from [mean/2, 3 mean/2] (so they average the mean) on a grid of its own,
// but never less than mean/2 after the toggle that really happened (which can be up to a pass late).
static uint32_t nextToggleUs(uint32_t toggledUs) {
  if (blinkMeanUs == 0) {
    return nextBlinkUs + DRIVETAPE_BLINK_MS * 1000UL;
  }
  uint32_t target = nextBlinkUs + blinkMeanUs / 2 + nextRandom() % (blinkMeanUs + 1);
  uint32_t earliest = toggledUs + blinkMeanUs / 2;
  return (int32_t)(target - earliest) >= 0 ? target : earliest;
}

// ---- Setup and loop ------------------------------------------------------------------------------------
void setup() {
  pinMode(LED_BUILTIN, OUTPUT);
  digitalWrite(LED_BUILTIN, LOW);
  ledOutput = portOutputRegister(digitalPinToPort(LED_BUILTIN));
  ledMask = digitalPinToBitMask(LED_BUILTIN);
  const uint8_t inputMode = DRIVETAPE_PULLUPS ? INPUT_PULLUP : INPUT;
  pinMode(2, inputMode);
  pinMode(3, inputMode);
#if DRIVETAPE_AUX
  pinMode(DRIVETAPE_AUX_PIN, inputMode);
  auxInput = portInputRegister(digitalPinToPort(DRIVETAPE_AUX_PIN));
  auxMask = digitalPinToBitMask(DRIVETAPE_AUX_PIN);
#endif
  Serial.begin(DRIVETAPE_BAUD);
  Serial.print(F("#hello proto=1 fw=" DRIVETAPE_FW_VERSION " channels=" CHANNEL_NAMES
                 " rate_hz=" STR(DRIVETAPE_RATE_HZ) " link=" DRIVETAPE_LINK " caps=ping,blink\n"));

  // Timer1 free-running at F_CPU/8 (this takes it from analogWrite on pins 9 and 10).
  noInterrupts();
  TCCR1A = 0;
  TCCR1B = _BV(CS11);
  TCCR1C = 0;
  TIMSK1 = 0;
  pinLevels = readPins();
  EICRA = _BV(ISC00) | _BV(ISC10);  // INT0 and INT1 on any change
  EIFR = _BV(INTF0) | _BV(INTF1);
  EIMSK = _BV(INT0) | _BV(INT1);
#if DRIVETAPE_AUX
  *digitalPinToPCMSK(DRIVETAPE_AUX_PIN) |= _BV(digitalPinToPCMSKbit(DRIVETAPE_AUX_PIN));
  PCIFR = _BV(digitalPinToPCICRbit(DRIVETAPE_AUX_PIN));
  *digitalPinToPCICR(DRIVETAPE_AUX_PIN) |= _BV(digitalPinToPCICRbit(DRIVETAPE_AUX_PIN));
#endif
  interrupts();

  // Every channel starts out presumed live with no value yet: it reads 0 until its first pulse, and only
  // a whole timeout without one is a lost signal.
  uint32_t now = micros();
  for (uint8_t ch = 0; ch < CHANNELS; ch++) {
    lastPulseUs[ch] = now;
  }
  liveChannels = ALL_CHANNELS;
  lastRecordUs = now;
  lastSampleSentUs = now;
  nextTimedSampleUs = now + 2 * PERIOD_US;
  nextBlinkUs = now;
  lastPassTick = TCNT1;
  set_sleep_mode(SLEEP_MODE_IDLE);
}

void loop() {
  readHost();
  // Sleep until an interrupt; look round only after a new pulse or when Timer0 has woken us (every
  // 1.024 ms), not after each byte the UART sends or receives. Fewer passes mean fewer moments with
  // interrupts off, each of which could delay an edge and put microseconds of error into a width.
  noInterrupts();
  uint16_t tick = TCNT1;
  if (!newPulses && (uint16_t)(tick - lastPassTick) < TICKS_PER_MS / 2) {
    if (parkedPongs || Serial.available()) {
      // A byte that came in since readHost() keeps us awake: it is read now, not a millisecond later.
      // The pongs can go: no pulse since the last pass, so nothing measured before them is unsent.
      interrupts();
      sendParkedPongs(false, 0);
      return;
    }
    sleep_enable();
    interrupts();
    sleep_cpu();  // the instruction after sei runs before any interrupt: no wake-up is missed
    sleep_disable();
    return;
  }
  lastPassTick = tick;

  // Take the new pulses (interrupts are still off from the check above), then the time. Two short
  // windows with interrupts off rather than one long one: an edge waits less.
  uint8_t fresh = newPulses;
  uint16_t ticks[CHANNELS];
  uint16_t falls[CHANNELS];
  newPulses = 0;
  for (uint8_t ch = 0; ch < CHANNELS; ch++) {
    ticks[ch] = pulseTicks[ch];
    falls[ch] = fallTick[ch];
  }
  interrupts();
  // micros() and Timer1 back to back, so each falling edge maps onto micros() exactly.
  noInterrupts();
  uint32_t now = micros();
  uint16_t tickNow = TCNT1;
  interrupts();

  uint32_t newestFallUs = 0;
  for (uint8_t ch = 0; ch < CHANNELS; ch++) {
    uint8_t bit = 1 << ch;
    if (fresh & bit) {
      // The loop comes round far more often than Timer1 wraps (32.8 ms), so the age is unambiguous.
      uint32_t fallUs = now - (uint16_t)(tickNow - falls[ch]) / TICKS_PER_US;
      value[ch] = (ticks[ch] + TICKS_PER_US / 2) / TICKS_PER_US;
      lastPulseUs[ch] = fallUs;
      liveChannels |= bit;
      if (newestFallUs == 0 || (int32_t)(fallUs - newestFallUs) > 0) {
        newestFallUs = fallUs;
      }
    } else if ((liveChannels & bit) && now - lastPulseUs[ch] > SIGNAL_TIMEOUT_US) {
      liveChannels &= ~bit;
      pendingChannels &= ~bit;
      value[ch] = 0;
    }
  }

  if (fresh) {
    // A pending pulse that ended more than half a frame before this one belongs to an earlier frame whose
    // other pulses never came (or came before a sample went out without them): it must not complete this
    // frame, or every sample would pair one channel's value with the other's from a frame before.
    for (uint8_t ch = 0; ch < CHANNELS; ch++) {
      uint8_t bit = 1 << ch;
      if ((pendingChannels & bit) && !(fresh & bit) && newestFallUs - lastPulseUs[ch] > MAX_FRAME_SPREAD_US) {
        pendingChannels &= ~bit;
      }
    }
    if (!pendingChannels || (int32_t)(newestFallUs - pendingUs) > 0) {
      pendingUs = newestFallUs;
    }
    pendingChannels |= fresh;
  }

  // Records go out in t_us order (the recorder would take a step back for a board reset): the whole frame
  // first (stamped at its last falling edge, before this pass), pongs around it by their read time, then
  // what this pass decided (timed sample, events: this pass's time or later, so no pulse taken later can
  // be older than them).
  bool frameDue = frameComplete() && now - lastSampleSentUs >= MIN_SAMPLE_INTERVAL_US;
  if (frameDue) {
    sendParkedPongs(true, pendingUs);
    sendFrame(now);
  }
  sendParkedPongs(false, 0);
  if (!frameDue && (int32_t)(now - nextTimedSampleUs) >= 0) {
    // No complete frame for a while (signal fading or gone): keep the host fed at rate_hz.
    sendSample(now, now);
    nextTimedSampleUs += PERIOD_US;
    if ((int32_t)(now - nextTimedSampleUs) >= 0) {
      nextTimedSampleUs = now + PERIOD_US;
    }
  }

  bool lost = (liveChannels & PRIMARY_CHANNELS) != PRIMARY_CHANNELS;
  if (lost != failsafe) {
    failsafe = lost;
    sendEvent(now, "failsafe", lost ? 1 : 0);
  }
  if (blinking) {
    if ((int32_t)(now - nextBlinkUs) >= 0) {
      if (blinkTogglesLeft > 0) {
        blinkTogglesLeft--;
        uint32_t toggledUs = setLed(!ledOn);
        nextBlinkUs = nextToggleUs(toggledUs);
      } else {
        blinking = false;  // the last toggle's state has lasted its whole interval
      }
    }
  } else {
    setLed(!failsafe);  // outside blink runs the LED says "receiver signal present"
  }
}
