namespace Pauta.Core.Audit;

/// <summary>
/// The RFC 9162 tree hash of a growing list of leaves, kept as the stack of its perfect subtrees (at most 64 hashes):
/// append leaf hashes one by one and ask for the root at any size on the way, without keeping the leaves.
/// </summary>
public sealed class MerkleAccumulator
{
    // _stack[i] is the root of a perfect subtree; sizes strictly decrease from the bottom, like the bits of Size.
    private readonly List<(byte[] Hash, long Size)> _stack = new(64);

    /// <summary>How many leaves were appended.</summary>
    public long Size { get; private set; }

    public void Append(byte[] leafHash)
    {
        ArgumentNullException.ThrowIfNull(leafHash);
        var node = (Hash: leafHash, Size: 1L);
        while (_stack.Count > 0 && _stack[^1].Size == node.Size)
        {
            node = (MerkleTree.HashChildren(_stack[^1].Hash, node.Hash), node.Size * 2);
            _stack.RemoveAt(_stack.Count - 1);
        }
        _stack.Add(node);
        Size++;
    }

    /// <summary>MTH of the leaves appended so far (SHA-256 of nothing when there are none).</summary>
    public byte[] Root()
    {
        if (_stack.Count == 0) return MerkleTree.EmptyRoot();
        var root = _stack[^1].Hash;
        for (var i = _stack.Count - 2; i >= 0; i--) root = MerkleTree.HashChildren(_stack[i].Hash, root);
        return root;
    }
}
