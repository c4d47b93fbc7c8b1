package io.lambdashop.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackStartTest {

    /**
     * A second ./lambda up must say that the stack already runs, and must not be taken for
     * a start the user interrupted: the running stack is left alone.
     */
    @Test
    void aSecondStartSaysWhatIsAlreadyRunning(@TempDir Path dataDir) throws Exception {
        StackConfig config = new StackConfig(dataDir, 1, 2, 3, 4, 5);
        // This test's own JVM stands for a Kafka broker that is already running.
        long livePid = ProcessHandle.current().pid();
        Files.createDirectories(config.pidFile("kafka").getParent());
        Files.writeString(config.pidFile("kafka"), livePid + "\n");

        Stack stack = Stack.create(config);

        assertThatThrownBy(() -> stack.startAll(EnumSet.allOf(Component.class)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("kafka is already running (pid " + livePid
                        + "); stop it with ./lambda down");
        assertThat(stack.closing()).isFalse();
        assertThat(config.pidFile("kafka")).hasContent(livePid + "\n");
    }
}
