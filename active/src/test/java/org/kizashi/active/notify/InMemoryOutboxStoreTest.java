package org.kizashi.active.notify;

class InMemoryOutboxStoreTest extends OutboxStoreContract {
    @Override
    protected OutboxStore newStore() {
        return new InMemoryOutboxStore();
    }
}
