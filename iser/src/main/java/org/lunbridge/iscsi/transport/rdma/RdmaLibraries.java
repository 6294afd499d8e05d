package org.lunbridge.iscsi.transport.rdma;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.Out;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.PointerByReference;
import jnr.ffi.types.size_t;

/**
 * jnr-ffi bindings of the exported rdma-core functions, loaded by SONAME so the ABI major is pinned
 * ({@code libibverbs.so.1}, {@code librdmacm.so.1}); the -dev symlinks are not needed. Loaded once, on first use;
 * {@link #load()} throws {@link UnsatisfiedLinkError} when rdma-core is not installed.
 */
final class RdmaLibraries {
    static final String LIBIBVERBS = "libibverbs.so.1";
    static final String LIBRDMACM = "librdmacm.so.1";

    /** Exported libibverbs functions (the {@code @@IBVERBS_1.1} defaults dlsym returns). */
    public interface IbVerbs {
        Pointer ibv_get_device_list(@Out IntByReference numDevices);

        void ibv_free_device_list(Pointer list);

        Pointer ibv_alloc_pd(Pointer context);

        int ibv_dealloc_pd(Pointer pd);

        Pointer ibv_create_comp_channel(Pointer context);

        int ibv_destroy_comp_channel(Pointer channel);

        Pointer ibv_create_cq(Pointer context, int cqe, Pointer cqContext, Pointer channel, int compVector);

        int ibv_destroy_cq(Pointer cq);

        int ibv_get_cq_event(Pointer channel, PointerByReference cq, PointerByReference cqContext);

        void ibv_ack_cq_events(Pointer cq, int count);

        /** The exported function behind the {@code ibv_reg_mr} macro; equivalent for plain access flags. */
        Pointer ibv_reg_mr(Pointer pd, Pointer address, @size_t long length, int access);

        int ibv_dereg_mr(Pointer mr);
    }

    /** Exported librdmacm functions. They return -1 and set errno. */
    public interface RdmaCm {
        Pointer rdma_create_event_channel();

        void rdma_destroy_event_channel(Pointer channel);

        int rdma_create_id(Pointer channel, PointerByReference id, Pointer context, int portSpace);

        int rdma_destroy_id(Pointer id);

        int rdma_resolve_addr(Pointer id, Pointer source, Pointer destination, int timeoutMillis);

        int rdma_resolve_route(Pointer id, int timeoutMillis);

        int rdma_create_qp(Pointer id, Pointer pd, Pointer initAttr);

        void rdma_destroy_qp(Pointer id);

        int rdma_connect(Pointer id, Pointer connParam);

        int rdma_disconnect(Pointer id);

        int rdma_get_cm_event(Pointer channel, PointerByReference event);

        int rdma_ack_cm_event(Pointer event);
    }

    /** libc: waiting on the channel fds with a timeout, and making them non-blocking. */
    public interface LibC {
        int poll(Pointer fds, long count, int timeoutMillis);

        int fcntl(int fd, int command, int argument);
    }

    private static final class Holder {
        static final IbVerbs IBV = LibraryLoader.create(IbVerbs.class).load(LIBIBVERBS);
        static final RdmaCm CM = LibraryLoader.create(RdmaCm.class).load(LIBRDMACM);
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(IBV);
    }

    private RdmaLibraries() {}

    /** Loads (once) and returns nothing; throws {@link UnsatisfiedLinkError} if a library is missing. */
    static void load() {
        ibv();
        cm();
        libc();
    }

    static IbVerbs ibv() {
        return Holder.IBV;
    }

    static RdmaCm cm() {
        return Holder.CM;
    }

    static LibC libc() {
        return Holder.LIBC;
    }

    static Runtime runtime() {
        return Holder.RUNTIME;
    }

    /** errno of the last failed call on this thread (jnr saves it after each call). */
    static int errno() {
        return Holder.RUNTIME.getLastError();
    }
}
