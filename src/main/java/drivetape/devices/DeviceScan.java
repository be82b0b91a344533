package drivetape.devices;

import java.util.List;

/** The serial ports and cameras attached, as {@link DeviceScanner} found them. */
public record DeviceScan(List<SerialPortInfo> serialPorts, List<CameraInfo> cameras) {

    public boolean nothingAttached() {
        return serialPorts.isEmpty() && cameras.isEmpty();
    }
}
