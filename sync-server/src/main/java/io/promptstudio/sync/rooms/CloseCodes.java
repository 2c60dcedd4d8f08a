package io.promptstudio.sync.rooms;

/** WebSocket close codes the server uses; 44xx mirror HTTP statuses, as Hocuspocus's 4401 and 4403 do. */
public final class CloseCodes {

    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int TOO_BIG = 1009;
    public static final int INTERNAL_ERROR = 1011;
    public static final int UNAUTHORIZED = 4401;
    public static final int FORBIDDEN = 4403;
    public static final int NOT_FOUND = 4404;
    public static final int SLOW_CLIENT = 4408;
    public static final int LIMIT = 4413;
    public static final int RATE_LIMITED = 4429;

    private CloseCodes() {
    }

    static int of(RoomException.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> NOT_FOUND;
            case FORBIDDEN -> FORBIDDEN;
            case LIMIT -> LIMIT;
            case STORAGE -> INTERNAL_ERROR;
        };
    }
}
