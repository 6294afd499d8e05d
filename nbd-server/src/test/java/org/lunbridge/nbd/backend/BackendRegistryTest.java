package org.lunbridge.nbd.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lunbridge.nbd.spi.BlockDevice;

class BackendRegistryTest {
    private final BackendRegistry registry = BackendRegistry.withDefaults();

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"memory:4096,4096", "memory:512K,524288", "memory:512M,536870912", "memory:1G,1073741824",
            "memory:1g,1073741824", "memory:1GiB,1073741824", "memory:2T,2199023255552", "MEMORY:1M,1048576"})
    void givenMemorySpec_whenOpened_thenSizeInBinaryUnits(String spec, long expected) throws IOException {
        BlockDevice device = registry.open(spec, false);
        assertInstanceOf(MemoryBlockDevice.class, device);
        assertEquals(expected, device.sizeBytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1X", "", "G", "-1", "1.5G", "0x10", " "})
    void givenBadMemorySize_whenOpened_thenClearError(String size) {
        InvalidBackendSpecException e = assertThrows(InvalidBackendSpecException.class,
                () -> registry.open("memory:" + size, false));
        assertEquals("memory size '" + size + "': expected a number with K/M/G/T suffix", e.getMessage());
    }

    @Test
    void givenOverflowingOrZeroSize_whenOpened_thenRefused() {
        assertTrue(assertThrows(InvalidBackendSpecException.class, () -> registry.open("memory:9000000T", false))
                .getMessage().contains("too large"));
        assertTrue(assertThrows(InvalidBackendSpecException.class,
                () -> registry.open("memory:99999999999999999999", false)).getMessage().contains("too large"));
        assertTrue(assertThrows(InvalidBackendSpecException.class, () -> registry.open("memory:0", false))
                .getMessage().contains("> 0"));
    }

    @Test
    void givenFileUriForms_whenOpened_thenSameFile() throws IOException {
        Path file = Files.write(dir.resolve("a b+c.img"), new byte[8192]);
        String encoded = file.toString().replace(" ", "%20");
        for (String spec : new String[] {"file://" + encoded, "file:" + encoded, "file://localhost" + encoded}) {
            try (BlockDevice device = registry.open(spec, true)) {
                FileBlockDevice fileDevice = assertInstanceOf(FileBlockDevice.class, device, spec);
                assertEquals(file, fileDevice.path());
                assertEquals(8192, device.sizeBytes());
                assertTrue(device.isReadOnly());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:relative.img", "file://server/x.img", "file://", "file:", "file:/%zz"})
    void givenBadFileUri_whenOpened_thenInvalidSpec(String spec) {
        InvalidBackendSpecException e = assertThrows(InvalidBackendSpecException.class, () -> registry.open(spec, false));
        assertTrue(e.getMessage().startsWith("backend '" + spec + "'"), e.getMessage());
    }

    @Test
    void givenMissingFile_whenOpened_thenNoSuchFileNamingPath() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> registry.open("file:///nonexistent/dir/disk.img", false));
        assertEquals("/nonexistent/dir/disk.img: no such file", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/srv/disk.img", "disk.img", ":1G", "1:2"})
    void givenNoScheme_whenOpened_thenHintAtForm(String spec) {
        InvalidBackendSpecException e = assertThrows(InvalidBackendSpecException.class, () -> registry.open(spec, false));
        assertTrue(e.getMessage().contains("expected SCHEME:LOCATION"), e.getMessage());
    }

    @Test
    void givenUnknownScheme_whenOpened_thenKnownSchemesListed() {
        InvalidBackendSpecException e = assertThrows(InvalidBackendSpecException.class,
                () -> registry.open("iscsi://10.0.0.1/iqn.x/0", false));
        assertEquals("backend 'iscsi://10.0.0.1/iqn.x/0': unknown scheme 'iscsi' (expected: file:, memory:)",
                e.getMessage());
    }

    @Test
    void givenRegisteredScheme_whenOpened_thenFactoryReceivesSpec() throws IOException {
        MemoryBlockDevice fake = new MemoryBlockDevice(512);
        registry.register("iscsi", (spec, readOnly) -> {
            assertEquals("//10.0.0.1/iqn.x/0", spec.location());
            return fake;
        });
        assertSame(fake, registry.open("iscsi://10.0.0.1/iqn.x/0", false));
    }
}
