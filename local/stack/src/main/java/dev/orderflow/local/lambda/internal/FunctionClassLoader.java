package dev.orderflow.local.lambda.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The class loader of one Lambda function: the deployment package's root and its {@code lib/*.jar},
 * over the platform class loader, so that nothing of the caller's class path leaks in. The only
 * exception is the Lambda handler types ({@code com.amazonaws.services.lambda.runtime}), which
 * come from the caller when the package does not bundle them, as the Lambda runtime provides them.
 *
 * <p>Each class it defines has its {@code System.getenv} calls redirected to this loader's own
 * copy of {@link FunctionEnvironment}.
 */
public final class FunctionClassLoader extends URLClassLoader {

  static {
    registerAsParallelCapable();
  }

  private static final String RUNTIME_TYPES = "com.amazonaws.services.lambda.runtime.";
  private static final String ENVIRONMENT = FunctionEnvironment.class.getName();

  private final ClassLoader runtimeTypes;
  private final Map<URL, ProtectionDomain> domains = new ConcurrentHashMap<>();

  /**
   * A loader over an unpacked deployment package.
   *
   * @param name the function's name, for diagnostics
   * @param taskRoot the package's root directory (classes and resources; jars under {@code lib/})
   * @param runtimeTypes where the Lambda handler types come from when the package lacks them
   * @param environment the function's environment variables
   * @return the loader
   */
  public static FunctionClassLoader create(String name, Path taskRoot, ClassLoader runtimeTypes,
      Map<String, String> environment) {
    List<URL> urls = new ArrayList<>();
    try {
      urls.add(taskRoot.toUri().toURL());
      Path lib = taskRoot.resolve("lib");
      if (Files.isDirectory(lib)) {
        try (Stream<Path> jars = Files.list(lib)) {
          for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
            urls.add(jar.toUri().toURL());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the deployment package " + taskRoot, e);
    }
    FunctionClassLoader loader = new FunctionClassLoader(name, urls.toArray(URL[]::new), runtimeTypes);
    try {
      loader.loadClass(ENVIRONMENT).getField("values").set(null, Map.copyOf(environment));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot set the environment of function " + name, e);
    }
    return loader;
  }

  private FunctionClassLoader(String name, URL[] urls, ClassLoader runtimeTypes) {
    super("lambda:" + name, urls, ClassLoader.getPlatformClassLoader());
    this.runtimeTypes = runtimeTypes;
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    if (name.equals(ENVIRONMENT)) {
      return define(name, ownClassFile(name), null);
    }
    String path = name.replace('.', '/') + ".class";
    URL url = findResource(path);
    if (url == null) {
      if (name.startsWith(RUNTIME_TYPES)) {
        return runtimeTypes.loadClass(name);
      }
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try (InputStream in = open(url)) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new ClassNotFoundException(name + ": cannot read " + url, e);
    }
    return define(name, GetenvRewriter.rewrite(bytes), url);
  }

  private static InputStream open(URL url) throws IOException {
    URLConnection connection = url.openConnection();
    if (connection instanceof JarURLConnection) {
      // The loader's own jar file handles stay open; a cached one would outlive close().
      connection.setUseCaches(false);
    }
    return connection.getInputStream();
  }

  private Class<?> define(String name, byte[] bytes, URL source) {
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      String pkg = name.substring(0, dot);
      if (getDefinedPackage(pkg) == null) {
        try {
          definePackage(pkg, null, null, null, null, null, null, null);
        } catch (IllegalArgumentException raced) {
          // another thread defined it first
        }
      }
    }
    ProtectionDomain domain = source == null ? null : domains.computeIfAbsent(codeBase(source),
        base -> new ProtectionDomain(new CodeSource(base, (Certificate[]) null), null, this, null));
    return defineClass(name, bytes, 0, bytes.length, domain);
  }

  private URL codeBase(URL resource) {
    String text = resource.toString();
    for (URL base : getURLs()) {
      String b = base.toString();
      if (text.startsWith(b) || text.startsWith("jar:" + b + "!/")) {
        return base;
      }
    }
    return resource;
  }

  private static byte[] ownClassFile(String name) throws ClassNotFoundException {
    String path = name.replace('.', '/') + ".class";
    try (InputStream in = FunctionClassLoader.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new ClassNotFoundException(name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
  }
}
