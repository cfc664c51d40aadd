package org.kizashi.server.ui;

import java.util.List;

/**
 * A capability area in the navigation. {@code available} is false until its module exists; its page then says so.
 * Texts come from messages: area.ID.name, area.ID.summary, area.ID.description.
 */
public record Area(String id, String path, boolean available) {
    public static final List<Area> ALL = List.of(
            new Area("telescope", "/telescope", true),
            new Area("honeypots", "/honeypots", false),
            new Area("sharing", "/sharing", true),
            new Area("response", "/response", true),
            new Area("investigation", "/investigation", false),
            new Area("incidents", "/incidents", false));
}
