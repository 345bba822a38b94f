package dev.orderflow.local.lambda.internal;

import java.nio.charset.StandardCharsets;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites a class so that its calls to {@code System.getenv()} and {@code System.getenv(String)},
 * direct or through a method reference, go to {@link FunctionEnvironment} instead.
 */
public final class GetenvRewriter {

  static final String SYSTEM = "java/lang/System";
  static final String TARGET = FunctionEnvironment.class.getName().replace('.', '/');
  private static final byte[] GETENV = "getenv".getBytes(StandardCharsets.US_ASCII);

  private GetenvRewriter() {}

  /**
   * The class with its getenv calls redirected; the same bytes when it makes none.
   *
   * @param classFile a class file
   * @return the rewritten class file
   */
  public static byte[] rewrite(byte[] classFile) {
    if (!contains(classFile, GETENV)) {
      return classFile; // most classes never read the environment: skip parsing them
    }
    ClassReader reader = new ClassReader(classFile);
    // Passing the reader lets ASM copy the methods it does not change as they are.
    ClassWriter writer = new ClassWriter(reader, 0);
    boolean[] changed = new boolean[1];
    reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
          @Override
          public void visitMethodInsn(int opcode, String owner, String methodName, String methodDescriptor, boolean isInterface) {
            if (opcode == Opcodes.INVOKESTATIC && SYSTEM.equals(owner) && "getenv".equals(methodName)) {
              changed[0] = true;
              super.visitMethodInsn(opcode, TARGET, methodName, methodDescriptor, false);
            } else {
              super.visitMethodInsn(opcode, owner, methodName, methodDescriptor, isInterface);
            }
          }

          @Override
          public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            Object[] args = arguments.clone();
            for (int i = 0; i < args.length; i++) {
              args[i] = redirect(args[i], changed);
            }
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, args);
          }

          @Override
          public void visitLdcInsn(Object value) {
            super.visitLdcInsn(redirect(value, changed));
          }
        };
      }
    }, 0);
    return changed[0] ? writer.toByteArray() : classFile;
  }

  private static Object redirect(Object value, boolean[] changed) {
    if (value instanceof Handle) {
      Handle h = (Handle) value;
      if (h.getTag() == Opcodes.H_INVOKESTATIC && SYSTEM.equals(h.getOwner()) && "getenv".equals(h.getName())) {
        changed[0] = true;
        return new Handle(Opcodes.H_INVOKESTATIC, TARGET, h.getName(), h.getDesc(), false);
      }
    }
    return value;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
