//! The x86-64 CPU features compiled code may use, and the named CPU levels (`--target-cpu`).
//!
//! The compiler records in the module image the level it compiled for and the set of features
//! its code may use ([`CpuFeatures`], one bit per row of [`FEATURES`]); the runtime checks that
//! set against the CPU it runs on at start-up, before any wasm code runs, so an executable
//! copied to an older machine stops with a message naming what is missing instead of dying
//! with SIGILL.
//!
//! The levels are the x86-64 psABI's microarchitecture levels (the names gcc and clang take).
//! Each lists the Cranelift settings it turns on; Cranelift has no setting for the level's
//! other features (AVX-512 BW and CD, F16C, MOVBE, …), so its code never uses them and they
//! are not checked.

/// One CPU feature: its Cranelift setting and its name (as `/proc/cpuinfo`, gcc and Rust's
/// `is_x86_feature_detected!` spell it, dots included).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Feature {
    pub setting: &'static str,
    pub name: &'static str,
}

/// Every feature a Cranelift x86-64 setting can turn on; bit `i` of [`CpuFeatures`] is row `i`.
/// Rows are only ever appended (a bit's meaning never changes within an ABI version).
pub const FEATURES: &[Feature] = &[
    feature("has_sse3", "sse3"),
    feature("has_ssse3", "ssse3"),
    feature("has_sse41", "sse4.1"),
    feature("has_sse42", "sse4.2"),
    feature("has_popcnt", "popcnt"),
    feature("has_cmpxchg16b", "cmpxchg16b"),
    feature("has_avx", "avx"),
    feature("has_avx2", "avx2"),
    feature("has_fma", "fma"),
    feature("has_bmi1", "bmi1"),
    feature("has_bmi2", "bmi2"),
    feature("has_lzcnt", "lzcnt"),
    feature("has_avx512f", "avx512f"),
    feature("has_avx512dq", "avx512dq"),
    feature("has_avx512vl", "avx512vl"),
    feature("has_avx512bitalg", "avx512bitalg"),
    feature("has_avx512vbmi", "avx512vbmi"),
    feature("has_avx512vnni", "avx512vnni"),
    feature("has_avx_vnni", "avxvnni"),
];

const fn feature(setting: &'static str, name: &'static str) -> Feature {
    Feature { setting, name }
}

/// A set of [`FEATURES`] rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CpuFeatures(pub u64);

impl CpuFeatures {
    /// The set of the features whose Cranelift settings are named in `settings` (unknown
    /// names are ignored).
    pub fn from_settings<'a>(settings: impl IntoIterator<Item = &'a str>) -> CpuFeatures {
        let mut bits = 0;
        for s in settings {
            if let Some(i) = FEATURES.iter().position(|f| f.setting == s) {
                bits |= 1 << i;
            }
        }
        CpuFeatures(bits)
    }

    /// The features in the set, in table order.
    pub fn iter(self) -> impl Iterator<Item = &'static Feature> {
        FEATURES
            .iter()
            .enumerate()
            .filter(move |(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, f)| f)
    }

    /// The features of `self` that `other` lacks.
    pub fn without(self, other: CpuFeatures) -> CpuFeatures {
        CpuFeatures(self.0 & !other.0)
    }

    /// The names of the features in the set, comma-separated (`avx, avx2, fma`).
    pub fn names(self) -> alloc::string::String {
        let names: alloc::vec::Vec<&str> = self.iter().map(|f| f.name).collect();
        names.join(", ")
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// What code is compiled for: the build machine's CPU as detected, or a named level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TargetCpu {
    /// Every feature the CPU doing the compiling has.
    #[default]
    Native,
    /// The x86-64 baseline (SSE2): every 64-bit x86 CPU.
    X86_64,
    /// + SSE3, SSSE3, SSE4.1, SSE4.2, POPCNT, CMPXCHG16B (Intel Nehalem, AMD Bulldozer, 2009+).
    X86_64V2,
    /// + AVX, AVX2, FMA, BMI1, BMI2, LZCNT (Intel Haswell, AMD Excavator/Zen, 2013+).
    X86_64V3,
    /// + AVX-512 F, DQ, VL (Intel Skylake-SP, AMD Zen 4).
    X86_64V4,
}

impl TargetCpu {
    /// Every target, `native` first, then the levels from oldest to newest.
    pub const ALL: [TargetCpu; 5] = [
        TargetCpu::Native,
        TargetCpu::X86_64,
        TargetCpu::X86_64V2,
        TargetCpu::X86_64V3,
        TargetCpu::X86_64V4,
    ];

    /// The name `--target-cpu` takes.
    pub fn name(self) -> &'static str {
        match self {
            TargetCpu::Native => "native",
            TargetCpu::X86_64 => "x86-64",
            TargetCpu::X86_64V2 => "x86-64-v2",
            TargetCpu::X86_64V3 => "x86-64-v3",
            TargetCpu::X86_64V4 => "x86-64-v4",
        }
    }

    pub fn from_name(name: &str) -> Option<TargetCpu> {
        TargetCpu::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The Cranelift settings a named level adds to the level before it (empty for
    /// `native`, whose settings are detected, and for the baseline).
    fn added_settings(self) -> &'static [&'static str] {
        match self {
            TargetCpu::Native | TargetCpu::X86_64 => &[],
            TargetCpu::X86_64V2 => &[
                "has_sse3",
                "has_ssse3",
                "has_sse41",
                "has_sse42",
                "has_popcnt",
                "has_cmpxchg16b",
            ],
            TargetCpu::X86_64V3 => &[
                "has_avx",
                "has_avx2",
                "has_fma",
                "has_bmi1",
                "has_bmi2",
                "has_lzcnt",
            ],
            TargetCpu::X86_64V4 => &["has_avx512f", "has_avx512dq", "has_avx512vl"],
        }
    }

    /// The features a named level's code may use (its own and every older level's); `None`
    /// for `native`.
    pub fn level_features(self) -> Option<CpuFeatures> {
        if self == TargetCpu::Native {
            return None;
        }
        let levels = &TargetCpu::ALL[1..=self.code() as usize];
        let settings = levels
            .iter()
            .flat_map(|l| l.added_settings().iter().copied());
        Some(CpuFeatures::from_settings(settings))
    }

    /// The number recorded in the module image.
    pub fn code(self) -> u64 {
        TargetCpu::ALL.iter().position(|&t| t == self).unwrap_or(0) as u64
    }

    pub fn from_code(code: u64) -> Option<TargetCpu> {
        TargetCpu::ALL.get(usize::try_from(code).ok()?).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_level_includes_the_previous_one() {
        let sets: alloc::vec::Vec<CpuFeatures> = TargetCpu::ALL[1..]
            .iter()
            .map(|t| t.level_features().unwrap())
            .collect();
        for pair in sets.windows(2) {
            assert!(pair[0].without(pair[1]).is_empty());
            assert!(!pair[1].without(pair[0]).is_empty());
        }
    }

    #[test]
    fn every_level_setting_is_a_feature_and_names_round_trip() {
        for t in TargetCpu::ALL {
            assert_eq!(TargetCpu::from_name(t.name()), Some(t));
            assert_eq!(TargetCpu::from_code(t.code()), Some(t));
            for s in t.added_settings() {
                assert!(FEATURES.iter().any(|f| f.setting == *s), "{s}");
            }
        }
        assert!(FEATURES.len() <= 64);
        assert_eq!(TargetCpu::X86_64.level_features(), Some(CpuFeatures(0)));
        assert_eq!(
            TargetCpu::X86_64V4.level_features().unwrap().iter().count(),
            15
        );
    }
}
