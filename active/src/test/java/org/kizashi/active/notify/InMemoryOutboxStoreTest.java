package org.kizashi.active.notify;

import org.kizashi.core.active.OutboxStore;
class InMemoryOutboxStoreTest extends OutboxStoreContract {
    @Override
    protected OutboxStore newStore() {
        return new InMemoryOutboxStore();
    }
}
