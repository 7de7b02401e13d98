// Prints JNA's resource prefix for this platform: where in a jar JNA looks for the native
// library (run as a single source file by package.sh).
public class ResourcePrefix {
    public static void main(String[] args) {
        System.out.println(com.sun.jna.Platform.RESOURCE_PREFIX);
    }
}
