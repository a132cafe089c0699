namespace Erlmcp.Autoscaler.Erlang.Terms;

/// <summary>The tags of the external term format (erl_ext_dist).</summary>
internal static class ExternalTermTag
{
    public const byte Version = 131;
    public const byte Compressed = 80;
    public const byte NewFloat = 70;
    public const byte BitBinary = 77;
    public const byte AtomCacheRef = 82;
    public const byte NewPid = 88;
    public const byte NewPort = 89;
    public const byte NewerReference = 90;
    public const byte SmallInteger = 97;
    public const byte Integer = 98;
    public const byte Float = 99;
    public const byte Atom = 100;
    public const byte Reference = 101;
    public const byte Port = 102;
    public const byte Pid = 103;
    public const byte SmallTuple = 104;
    public const byte LargeTuple = 105;
    public const byte Nil = 106;
    public const byte String = 107;
    public const byte List = 108;
    public const byte Binary = 109;
    public const byte SmallBig = 110;
    public const byte LargeBig = 111;
    public const byte NewFun = 112;
    public const byte Export = 113;
    public const byte NewReference = 114;
    public const byte SmallAtom = 115;
    public const byte Map = 116;
    public const byte Fun = 117;
    public const byte AtomUtf8 = 118;
    public const byte SmallAtomUtf8 = 119;
    public const byte V4Port = 120;
    public const byte Local = 121;

    public static string Name(byte tag) => tag switch
    {
        Compressed => "compressed term (80)",
        NewFloat => "NEW_FLOAT_EXT (70)",
        BitBinary => "BIT_BINARY_EXT (77)",
        AtomCacheRef => "ATOM_CACHE_REF (82)",
        NewPid => "NEW_PID_EXT (88)",
        NewPort => "NEW_PORT_EXT (89)",
        NewerReference => "NEWER_REFERENCE_EXT (90)",
        SmallInteger => "SMALL_INTEGER_EXT (97)",
        Integer => "INTEGER_EXT (98)",
        Float => "FLOAT_EXT (99)",
        Atom => "ATOM_EXT (100)",
        Reference => "REFERENCE_EXT (101)",
        Port => "PORT_EXT (102)",
        Pid => "PID_EXT (103)",
        SmallTuple => "SMALL_TUPLE_EXT (104)",
        LargeTuple => "LARGE_TUPLE_EXT (105)",
        Nil => "NIL_EXT (106)",
        String => "STRING_EXT (107)",
        List => "LIST_EXT (108)",
        Binary => "BINARY_EXT (109)",
        SmallBig => "SMALL_BIG_EXT (110)",
        LargeBig => "LARGE_BIG_EXT (111)",
        NewFun => "NEW_FUN_EXT (112)",
        Export => "EXPORT_EXT (113)",
        NewReference => "NEW_REFERENCE_EXT (114)",
        SmallAtom => "SMALL_ATOM_EXT (115)",
        Map => "MAP_EXT (116)",
        Fun => "FUN_EXT (117)",
        AtomUtf8 => "ATOM_UTF8_EXT (118)",
        SmallAtomUtf8 => "SMALL_ATOM_UTF8_EXT (119)",
        V4Port => "V4_PORT_EXT (120)",
        Local => "LOCAL_EXT (121)",
        _ => $"unknown tag {tag}",
    };
}
