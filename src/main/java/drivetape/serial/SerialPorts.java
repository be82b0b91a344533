package drivetape.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a serial port or pty by path through jSerialComm, with one-line messages that say what to do when
 * it cannot be opened. Shared by the recorder's reading side and the simulator's writing side.
 *
 * <p>By path because pseudo-terminals are not listed by jSerialComm's port discovery. jSerialComm takes an
 * exclusive lock ({@code flock}) on the port, so a second program cannot read the same port and steal lines.
 */
public final class SerialPorts {
    // errno values as jSerialComm reports them from open(2), flock(2) and tcsetattr(3) (Linux numbering).
    private static final int EPERM = 1;
    private static final int ENOENT = 2;
    private static final int EIO = 5;
    private static final int ENXIO = 6;
    private static final int EAGAIN = 11;
    private static final int EACCES = 13;
    private static final int EBUSY = 16;
    private static final int ENODEV = 19;
    private static final int ENOTDIR = 20;
    private static final int EISDIR = 21;
    private static final int EINVAL = 22;
    private static final int ENOTTY = 25;

    private static final String LIST_PORTS = "list the ports with 'ls /dev/ttyACM* /dev/ttyUSB*'";

    private SerialPorts() {
    }

    /**
     * Opens {@code path} at {@code baud}, 8N1, no flow control, with the given jSerialComm timeouts.
     *
     * @throws SerialException with a one-line message saying what to do: no such port, no permission, busy,
     *     not a serial port
     */
    public static SerialPort open(String path, int baud, int timeoutMode, int readTimeoutMs) throws SerialException {
        if (baud <= 0) {
            throw new SerialException("baud rate must be a positive number such as 115200, was " + baud);
        }
        Path file = Path.of(path);
        // Checked up front because jSerialComm's answers for these are unhelpful (an exception for a
        // missing path, errno 2 for "already open in this process").
        if (!Files.exists(file)) {
            throw new SerialException(doesNotExist(path));
        }
        if (Files.isDirectory(file) || Files.isRegularFile(file)) {
            throw new SerialException(notASerialPort(path));
        }
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (SerialPortInvalidPortException e) {
            throw new SerialException(doesNotExist(path));
        }
        port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(timeoutMode, readTimeoutMs, 0);
        if (!port.openPort()) {
            throw new SerialException(openFailure(path, port.getLastErrorCode(), Files.exists(file)));
        }
        return port;
    }

    /** The message for a failed open, from jSerialComm's error code (an errno) and whether the path exists. */
    static String openFailure(String path, int errorCode, boolean exists) {
        switch (errorCode) {
            case ENOENT:
                // jSerialComm also says 2 when this process already has the port open.
                return exists ? busy(path) : doesNotExist(path);
            case EACCES:
            case EPERM:
                return "no permission to open serial port " + path
                        + ": add yourself to the dialout group (sudo usermod -aG dialout $USER), then log out and in again";
            case EAGAIN:
            case EBUSY:
                return busy(path);
            case ENXIO:
            case ENODEV:
                return "serial port " + path + " has no device behind it (unplugged?): " + LIST_PORTS;
            case EISDIR:
            case ENOTDIR:
            case ENOTTY:
            case EINVAL:
                return notASerialPort(path);
            case EIO:
                return "serial port " + path + " does not respond (I/O error): unplug the controller, plug it in again and retry";
            default:
                return "cannot open serial port " + path + " (error " + errorCode + "): check the device and try again; "
                        + LIST_PORTS;
        }
    }

    private static String doesNotExist(String path) {
        return "serial port " + path + " does not exist: is the controller plugged in? " + LIST_PORTS;
    }

    private static String notASerialPort(String path) {
        return path + " is not a serial port: give the controller's device, such as /dev/ttyACM0 (" + LIST_PORTS + ")";
    }

    private static String busy(String path) {
        return "serial port " + path + " is busy: another program (a serial monitor, another drivetape, ModemManager)"
                + " has it open; close it and try again";
    }
}
