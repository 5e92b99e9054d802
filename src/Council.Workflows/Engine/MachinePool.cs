using System.Collections.Concurrent;
using Stateless;

namespace Council.Workflows.Engine;

/// <summary>
/// Stateless machines configured once per workflow and reused: each slot's state accessor reads and writes the slot,
/// which is pointed at the case being decided. A machine is used by one thread at a time (a slot is rented).
/// </summary>
/// <typeparam name="TState">The state type.</typeparam>
/// <typeparam name="TTrigger">The trigger type.</typeparam>
/// <typeparam name="TContext">What guards read: the case and the command being decided.</typeparam>
internal sealed class MachinePool<TState, TTrigger, TContext>
    where TContext : class
{
    private readonly ConcurrentBag<Slot> _free = [];
    private readonly Action<StateMachine<TState, TTrigger>, Slot> _configure;
    private readonly TState _initial;

    public MachinePool(TState initial, Action<StateMachine<TState, TTrigger>, Slot> configure)
    {
        _initial = initial;
        _configure = configure;
    }

    /// <summary>A machine for drawing and inspection, never fired.</summary>
    public StateMachine<TState, TTrigger> Reference() => Create().Machine;

    public Slot Rent(TState state, TContext context)
    {
        if (!_free.TryTake(out var slot))
        {
            slot = Create();
        }

        slot.State = state;
        slot.Context = context;
        return slot;
    }

    public void Return(Slot slot)
    {
        slot.Context = null;
        _free.Add(slot);
    }

    private Slot Create()
    {
        var slot = new Slot(this, _initial);
        _configure(slot.Machine, slot);
        return slot;
    }

    internal sealed class Slot : IDisposable
    {
        private readonly MachinePool<TState, TTrigger, TContext> _pool;

        public Slot(MachinePool<TState, TTrigger, TContext> pool, TState initial)
        {
            _pool = pool;
            State = initial;
            Machine = new StateMachine<TState, TTrigger>(() => State, s => State = s);
        }

        public StateMachine<TState, TTrigger> Machine { get; }

        public TState State { get; set; }

        /// <summary>The case and command being decided; guards read it.</summary>
        public TContext? Context { get; set; }

        public TContext Current => Context ?? throw new InvalidOperationException("The machine is not pointed at a case.");

        public void Dispose() => _pool.Return(this);
    }
}
