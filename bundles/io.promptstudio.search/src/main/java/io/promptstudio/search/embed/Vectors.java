package io.promptstudio.search.embed;

/** Small vector arithmetic on float arrays. */
public final class Vectors {

    private Vectors() {
    }

    /** The vector scaled to length 1 (a zero vector stays zero: it matches nothing). */
    public static float[] normalized(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        if (sum == 0) {
            return vector.clone();
        }
        float scale = (float) (1 / Math.sqrt(sum));
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] * scale;
        }
        return unit;
    }

    /** The dot product, with SIMD instructions where the JVM runs with {@code --add-modules jdk.incubator.vector}. */
    public static float dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " dimensions");
        }
        return org.apache.lucene.util.VectorUtil.dotProduct(a, b);
    }

    /**
     * The vector as signed bytes (each component times 127): a quarter of the memory, so that scanning many
     * vectors is bound by memory bandwidth four times later. {@link #dotInt8} of two such vectors, divided by
     * 127², is within about 0.01 of the float dot product for unit vectors.
     */
    public static byte[] int8(float[] unit) {
        byte[] bytes = new byte[unit.length];
        for (int i = 0; i < unit.length; i++) {
            bytes[i] = (byte) Math.max(-127, Math.min(127, Math.round(unit[i] * 127)));
        }
        return bytes;
    }

    public static float dotInt8(byte[] a, byte[] b) {
        return org.apache.lucene.util.VectorUtil.dotProduct(a, b) / (127f * 127f);
    }

    /** Little-endian bytes, the form vectors take in the cache's database. */
    public static byte[] toBytes(float[] vector) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(vector.length * Float.BYTES).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    public static float[] fromBytes(byte[] bytes) {
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("a vector of " + bytes.length + " bytes is not a whole number of floats");
        }
        float[] vector = new float[bytes.length / Float.BYTES];
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
