package org.kizashi.core.intel;

import java.util.List;

/** A page of objects in the order they were added, and whether more follow. */
public record ObjectPage(List<StoredObject> objects, boolean more) {
    public ObjectPage {
        objects = List.copyOf(objects);
    }
}
