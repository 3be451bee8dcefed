package io.kamishop.testing;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The order in which the parallel run starts the test classes: browser classes first, then process classes, then
 * the rest in their usual order. Browser and process classes hold a lock ({@link BrowserTest}, {@link ProcessTest}),
 * so each kind runs as one chain, one class after another; started first, the two chains run beside the in-process
 * classes instead of alone at the end, where they would leave the other threads idle.
 */
public final class LongChainsFirst implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparingInt(LongChainsFirst::rank));
    }

    private static int rank(ClassDescriptor descriptor) {
        if (descriptor.isAnnotated(BrowserTest.class)) {
            return 0;
        }
        if (descriptor.isAnnotated(ProcessTest.class)) {
            return 1;
        }
        return 2;
    }
}
