// drivetape controller firmware for the Arduino Uno / Nano (ATmega328P, 16 MHz).
//
// Measures the RC receiver's servo pulses and streams them to the recorder over USB serial, speaking
// serial protocol v1 (docs: shared/protocol.md in the drivetape repository):
//   #hello proto=1 fw=<version> channels=steering,throttle[,aux] rate_hz=<r>   once after boot
//   $<seq>,<t_us>,<steering>,<throttle>[,<aux>]*<CK>                          samples
//   !<seq>,<t_us>,<name>[,<value>]*<CK>                                        events (failsafe, led)
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
uint8_t blinkTogglesLeft = 2 * DRIVETAPE_CALIBRATION_BLINKS;
uint32_t nextBlinkUs;
bool calibrating = true;
bool ledOn;

char line[96];
uint8_t lineLength;

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
  lineLength += strlen(ultoa(seq, line + lineLength, 10));
  line[lineLength++] = ',';
  lineLength += strlen(ultoa(tUs, line + lineLength, 10));
}

void appendNumber(uint32_t number) {
  line[lineLength++] = ',';
  lineLength += strlen(ultoa(number, line + lineLength, 10));
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

void sendEvent(uint32_t tUs, const char *name, uint8_t eventValue) {
  startRecord('!', tUs);
  appendText(name);
  appendNumber(eventValue);
  sendRecord();
}

void setLed(bool on) {
  if (on == ledOn) {
    return;
  }
  ledOn = on;
  digitalWrite(LED_BUILTIN, on ? HIGH : LOW);
  sendEvent(micros(), "led", on ? 1 : 0);
}

// ---- Setup and loop ------------------------------------------------------------------------------------
void setup() {
  pinMode(LED_BUILTIN, OUTPUT);
  digitalWrite(LED_BUILTIN, LOW);
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
                 " rate_hz=" STR(DRIVETAPE_RATE_HZ) "\n"));

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
  // Sleep until an interrupt; look round only after a new pulse or when Timer0 has woken us (every
  // 1.024 ms), not after each byte the UART sends. Fewer passes mean fewer moments with interrupts off,
  // each of which could delay an edge and put microseconds of error into a width.
  noInterrupts();
  uint16_t tick = TCNT1;
  if (!newPulses && (uint16_t)(tick - lastPassTick) < TICKS_PER_MS / 2) {
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

  // Events carry this pass's time, so no pulse taken later can be older than them.
  bool lost = (liveChannels & PRIMARY_CHANNELS) != PRIMARY_CHANNELS;
  if (lost != failsafe) {
    failsafe = lost;
    sendEvent(now, "failsafe", lost ? 1 : 0);
  }
  if (calibrating) {
    if ((int32_t)(now - nextBlinkUs) >= 0) {
      if (blinkTogglesLeft > 0) {
        blinkTogglesLeft--;
        nextBlinkUs += DRIVETAPE_BLINK_MS * 1000UL;
        setLed(!ledOn);
      } else {
        calibrating = false;  // the last "off" has lasted its whole blink
      }
    }
  } else {
    setLed(!failsafe);  // after calibration the LED says "receiver signal present"
  }

  // A sample once every live channel has a new pulse: one per RC frame, stamped at the last falling edge.
  if (liveChannels != 0 && (pendingChannels & liveChannels) == liveChannels
      && now - lastSampleSentUs >= MIN_SAMPLE_INTERVAL_US) {
    sendSample(pendingUs, now);
    nextTimedSampleUs = now + 2 * PERIOD_US;
  } else if ((int32_t)(now - nextTimedSampleUs) >= 0) {
    // No complete frame for a while (signal fading or gone): keep the host fed at rate_hz.
    sendSample(now, now);
    nextTimedSampleUs += PERIOD_US;
    if ((int32_t)(now - nextTimedSampleUs) >= 0) {
      nextTimedSampleUs = now + PERIOD_US;
    }
  }
}
