/*
 * scpm-serial-paj7620: a PAJ7620 gesture sensor speaking scpm-serial/1
 * (docs/serial-protocol.md) to an SCPM Edge gateway over USB serial.
 *
 * Library: "RevEng PAJ7620" by Aaron S. Crandall (Arduino Library Manager;
 * https://github.com/acrandal/RevEng_PAJ7620, MIT), v1.5 API:
 *   RevEng_PAJ7620 sensor;  sensor.begin() -> 1 on success, 0 on an I2C error
 *   sensor.readGesture()    -> Gesture: GES_NONE, GES_UP, GES_DOWN, GES_LEFT,
 *                              GES_RIGHT, GES_FORWARD, GES_BACKWARD,
 *                              GES_CLOCKWISE, GES_ANTICLOCKWISE, GES_WAVE
 *   sensor.isObjectInView() -> something in front of the sensor
 *
 * Wiring: PAJ7620 VCC (3.3 V module: mind the level), GND, SDA, SCL to the
 * board's I2C pins. Any board with a serial port works; a native-USB board
 * (Leonardo, Micro, RP2040) shows up as /dev/serial/by-id/usb-...-if00.
 *
 * Lines sent (each ends in '\n', fields separated by one space):
 *   HELLO scpm-serial/1 <DEVICE_NAME>   at boot and when the host reconnects
 *   G <gesture>                         one per recognised gesture
 *   P 1 / P 0                           someone in front / nobody (on change)
 * Nothing else is ever printed: any other line would be rejected and counted
 * by the gateway. The sensor's errors are shown on the LED instead.
 */
#include <Wire.h>
#include "RevEng_PAJ7620.h"

static const char DEVICE_NAME[] = "paj7620";      // 1-64 of A-Z a-z 0-9 _ . -
static const unsigned long BAUD = 115200;         // the gateway's default for scpm-serial/1
static const unsigned long LOOP_MS = 50;          // sensor poll period
static const uint8_t PRESENCE_STABLE_READS = 4;   // debounce for P 0/1 (4 x 50 ms)

/*
 * Sensor gesture -> gesture slug. Directions depend on how the sensor is
 * mounted: rotate the first four (and swap push/pull if it faces away) here.
 * Index = the library's Gesture value.
 */
static const char *const SLUGS[] = {
  nullptr,        // GES_NONE
  "swipe-up",     // GES_UP
  "swipe-down",   // GES_DOWN
  "swipe-left",   // GES_LEFT
  "swipe-right",  // GES_RIGHT
  "push",         // GES_FORWARD: hand towards the sensor
  "pull",         // GES_BACKWARD: hand away from it
  "circle-cw",    // GES_CLOCKWISE
  "circle-ccw",   // GES_ANTICLOCKWISE
  "wave",         // GES_WAVE
};
static const int SLUG_COUNT = sizeof(SLUGS) / sizeof(SLUGS[0]);

RevEng_PAJ7620 sensor = RevEng_PAJ7620();

static bool sensorOk = false;
static bool hostWasThere = false;
static int8_t presence = -1;            // -1 unknown, 0 nobody, 1 someone
static int8_t presenceCandidate = -1;
static uint8_t presenceReads = 0;

static void sendLine2(const char *a, const char *b) {
  Serial.print(a);
  Serial.print(' ');
  Serial.print(b);
  Serial.print('\n');
}

static void sendHello() {
  Serial.print("HELLO scpm-serial/1 ");
  Serial.print(DEVICE_NAME);
  Serial.print('\n');
}

static void blinkError() {
  digitalWrite(LED_BUILTIN, (millis() / 125) % 2 ? HIGH : LOW);
}

void setup() {
  pinMode(LED_BUILTIN, OUTPUT);
  Serial.begin(BAUD);
  sensorOk = sensor.begin() == 1;
}

void loop() {
  // Native-USB boards: Serial is true once the host has the port open. Boards
  // with a USB-UART chip reset when the host opens the port, so setup() runs again.
  bool hostThere = (bool)Serial;
  if (hostThere && !hostWasThere) {
    sendHello();
    presence = -1;  // report presence afresh to the new connection
  }
  hostWasThere = hostThere;

  if (!sensorOk) {
    blinkError();
    static unsigned long lastTry = 0;
    if (millis() - lastTry >= 1000) {
      lastTry = millis();
      sensorOk = sensor.begin() == 1;
      if (sensorOk) digitalWrite(LED_BUILTIN, LOW);
    }
    return;
  }

  Gesture g = sensor.readGesture();
  int index = (int)g;
  if (index > 0 && index < SLUG_COUNT && SLUGS[index] != nullptr) sendLine2("G", SLUGS[index]);

  int8_t seen = sensor.isObjectInView() ? 1 : 0;
  if (seen != presenceCandidate) {
    presenceCandidate = seen;
    presenceReads = 1;
  } else if (presenceReads < PRESENCE_STABLE_READS) {
    presenceReads++;
  }
  if (presenceReads >= PRESENCE_STABLE_READS && presenceCandidate != presence) {
    presence = presenceCandidate;
    sendLine2("P", presence ? "1" : "0");
  }

  delay(LOOP_MS);
}
