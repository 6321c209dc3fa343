#ifndef AP_INT_MAX_W
#define AP_INT_MAX_W 4096 // Vitis HLS's limit, before any ap_int include
#endif
#ifndef PARAMETERS_H_
#define PARAMETERS_H_

#include "ap_fixed.h"
#include "ap_int.h"

#include "nnet_utils/nnet_code_gen.h"
#include "nnet_utils/nnet_helpers.h"
// hls-fpga-machine-learning insert includes
#include "nnet_utils/bcd_context.h"
#include "nnet_utils/bcd_dense.h"
#include "nnet_utils/bcd_eltwise.h"
#include "nnet_utils/bcd_mvau.h"
#include "nnet_utils/bcd_pool.h"
#include "nnet_utils/bcd_shift.h"
#include "nnet_utils/bcd_stream.h"
#include "nnet_utils/bcd_window.h"

// hls-fpga-machine-learning insert weights
#include "weights/wfix_3.h"
#include "weights/bias_3.h"
#include "weights/w1_5.h"
#include "weights/w2_5.h"
#include "weights/wbits_8.h"
#include "weights/p0_8.h"
#include "weights/p1_8.h"
#include "weights/wfix_10.h"
#include "weights/bias_10.h"
#include "weights/p0_14.h"
#include "weights/p1_14.h"
#include "weights/p2_14.h"
#include "weights/w1_16.h"
#include "weights/w2_16.h"
#include "weights/wbits_20.h"
#include "weights/p0_20.h"
#include "weights/p1_20.h"
#include "weights/wfix_22.h"
#include "weights/bias_22.h"
#include "weights/wbits_27.h"
#include "weights/p0_27.h"
#include "weights/p1_27.h"
#include "weights/wfix_29.h"
#include "weights/bias_29.h"
#include "weights/p0_34.h"
#include "weights/p1_34.h"
#include "weights/p2_34.h"
#include "weights/w1_36.h"
#include "weights/w2_36.h"
#include "weights/wbits_40.h"
#include "weights/p0_40.h"
#include "weights/p1_40.h"
#include "weights/wfix_42.h"
#include "weights/bias_42.h"
#include "weights/p0_46.h"
#include "weights/p1_46.h"
#include "weights/p2_46.h"
#include "weights/w1_48.h"
#include "weights/w2_48.h"
#include "weights/wbits_52.h"
#include "weights/p0_52.h"
#include "weights/p1_52.h"
#include "weights/wfix_54.h"
#include "weights/bias_54.h"
#include "weights/wbits_59.h"
#include "weights/p0_59.h"
#include "weights/p1_59.h"
#include "weights/wfix_61.h"
#include "weights/bias_61.h"
#include "weights/p0_66.h"
#include "weights/p1_66.h"
#include "weights/p2_66.h"
#include "weights/p0_68.h"
#include "weights/p1_68.h"
#include "weights/wbits_71.h"
#include "weights/p0_71.h"
#include "weights/p1_71.h"
#include "weights/p0_74.h"
#include "weights/p1_74.h"
#include "weights/p2_74.h"
#include "weights/p0_76.h"
#include "weights/p1_76.h"
#include "weights/wbits_79.h"
#include "weights/p0_79.h"
#include "weights/p1_79.h"
#include "weights/p0_82.h"
#include "weights/p1_82.h"
#include "weights/p2_82.h"
#include "weights/p0_84.h"
#include "weights/p1_84.h"
#include "weights/wbits_87.h"
#include "weights/p0_87.h"
#include "weights/p1_87.h"
#include "weights/p0_90.h"
#include "weights/p1_90.h"
#include "weights/p2_90.h"
#include "weights/p0_92.h"
#include "weights/p1_92.h"
#include "weights/wbits_94.h"
#include "weights/p0_94.h"
#include "weights/p1_94.h"
#include "weights/p0_97.h"
#include "weights/p1_97.h"
#include "weights/p2_97.h"
#include "weights/wfix_99.h"
#include "weights/bias_99.h"


// hls-fpga-machine-learning insert layer-config
// feature_0_bn1__window
struct config2 {
    static const unsigned channels = 1, height = 8, width = 8, kernel = 3;
    static const unsigned stride = 1, pad = 1, in_lanes = 1, simd = 3, groups = 1;
    static const char *name() { return "feature_0_bn1__window"; }
};

// feature_0_bn1
struct config3 {
    static const unsigned channels = 1, height = 8, width = 8, kernel = 3;
    static const unsigned stride = 1, pad = 1, groups = 1, out_channels = 16;
    static const unsigned simd = 3, pe = 8;
    static const bool has_bias = true;
    typedef layer2_t::value_type in_t;
    typedef ap_fixed<16,2> weight_t;
    typedef bias_3_t bias_t;
    typedef ap_fixed<60,33> accum_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    static const char *name() { return "feature_0_bn1"; }
};

// feature_0_bn1__fork
struct config4 {
    static const unsigned words = 128;
    static const char *name() { return "feature_0_bn1__fork"; }
};

// feature_1_sign1__scan
struct config5 {
    static const unsigned channels = 16, height = 8, width = 8, lanes = 8;
    static const unsigned hidden = 4, e_lanes = 1, simd = 4;
    static const unsigned recip_mantissa = 131072;
    static const int recip_frac = 23;
    typedef layer4_t::value_type in_t;
    typedef ap_fixed<22,11> sum_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> gap_t;
    typedef w1_5_t w1_t;
    typedef ap_fixed<63,34> e_acc_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> e_t;
    typedef w2_5_t w2_t;
    typedef ap_fixed<61,32> alpha_acc_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> alpha_t;
    static const char *scan_name() { return "feature_1_sign1__scan"; }
    static const char *name() { return "feature_1_sign1"; }
};

// feature_1_sign1__cvt__feature_1_binary_3x3_popcount__window
struct config6 {
    static const unsigned channels = 16, pixels = 64, in_lanes = 8, out_lanes = 16;
    typedef ap_uint<1> value_t;
    static const char *name() { return "feature_1_sign1__cvt__feature_1_binary_3x3_popcount__window"; }
};

// feature_1_binary_3x3_popcount__window
struct config7 {
    static const unsigned channels = 16, height = 8, width = 8, kernel = 3;
    static const unsigned stride = 1, pad = 1, in_lanes = 16, simd = 48, groups = 1;
    static const char *name() { return "feature_1_binary_3x3_popcount__window"; }
};

// feature_1_binary_3x3_popcount
struct config8 {
    static const unsigned mw = 144, mh = 16, simd = 48, pe = 16, pixels = 64, branches = 1;
    static const bool has_valid = true;
    static const unsigned weight_word_bits = 24;
    typedef ap_int<10> acc_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<36,21> accum_t;
    static const char *name() { return "feature_1_binary_3x3_popcount"; }
};

// feature_1_context1__cvt__feature_1_offset1_bn
struct config9 {
    static const unsigned channels = 4, pixels = 1, in_lanes = 1, out_lanes = 4;
    typedef layer5_t_1::value_type value_t;
    static const char *name() { return "feature_1_context1__cvt__feature_1_offset1_bn"; }
};

// feature_1_offset1_bn
struct config10 {
    static const unsigned channels = 4, height = 1, width = 1, kernel = 1;
    static const unsigned stride = 1, pad = 0, groups = 1, out_channels = 16;
    static const unsigned simd = 4, pe = 8;
    static const bool has_bias = false;
    typedef layer9_t::value_type in_t;
    typedef ap_fixed<16,1> weight_t;
    typedef bias_10_t bias_t;
    typedef ap_fixed<60,31> accum_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> out_t;
    static const char *name() { return "feature_1_offset1_bn"; }
};

// feature_1_bn1_affine__cvt__feature_1_bn1
struct config11 {
    static const unsigned channels = 16, pixels = 64, in_lanes = 16, out_lanes = 8;
    typedef layer8_t::value_type value_t;
    static const char *name() { return "feature_1_bn1_affine__cvt__feature_1_bn1"; }
};

// feature_1_bn1
struct config12 {
    static const unsigned channels = 16, pixels = 64, lanes = 8;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<34,20> accum_t;
    static const char *name() { return "feature_1_bn1"; }
};

// feature_1_add
struct config13 {
    static const unsigned channels = 16, pixels = 64, lanes = 8;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<29,18> accum_t;
    static const char *name() { return "feature_1_add"; }
};

// feature_1_prelu1
struct config14 {
    static const unsigned channels = 16, pixels = 64, lanes = 8;
    typedef layer13_t::value_type in_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<66,36> accum_t;
    typedef ap_fixed<36,21> v_t;
    static const char *name() { return "feature_1_prelu1"; }
};

// feature_1_prelu1__fork
struct config15 {
    static const unsigned words = 128;
    static const char *name() { return "feature_1_prelu1__fork"; }
};

// feature_1_sign2__scan
struct config16 {
    static const unsigned channels = 16, height = 8, width = 8, lanes = 8;
    static const unsigned hidden = 4, e_lanes = 1, simd = 4;
    static const unsigned recip_mantissa = 131072;
    static const int recip_frac = 23;
    typedef layer15_t::value_type in_t;
    typedef ap_fixed<22,11> sum_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> gap_t;
    typedef w1_16_t w1_t;
    typedef ap_fixed<63,34> e_acc_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> e_t;
    typedef w2_16_t w2_t;
    typedef ap_fixed<61,32> alpha_acc_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> alpha_t;
    static const char *scan_name() { return "feature_1_sign2__scan"; }
    static const char *name() { return "feature_1_sign2"; }
};

// feature_1_context2__fork
struct config17 {
    static const unsigned words = 4;
    static const char *name() { return "feature_1_context2__fork"; }
};

// feature_1_sign2__fork
struct config18 {
    static const unsigned words = 128;
    static const char *name() { return "feature_1_sign2__fork"; }
};

// feature_1_sign2__cvt__feature_1_binary_pw_down1_popcount
struct config19 {
    static const unsigned channels = 16, pixels = 64, in_lanes = 8, out_lanes = 16;
    typedef ap_uint<1> value_t;
    static const char *name() { return "feature_1_sign2__cvt__feature_1_binary_pw_down1_popcount"; }
};

// feature_1_binary_pw_down1_popcount
struct config20 {
    static const unsigned mw = 16, mh = 16, simd = 16, pe = 16, pixels = 64, branches = 1;
    static const bool has_valid = false;
    static const unsigned weight_word_bits = 16;
    typedef ap_int<7> acc_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<35,20> accum_t;
    static const char *name() { return "feature_1_binary_pw_down1_popcount"; }
};

// feature_1_context2__cvt__feature_1_offset2_1_bn
struct config21 {
    static const unsigned channels = 4, pixels = 1, in_lanes = 1, out_lanes = 4;
    typedef layer17_t::value_type value_t;
    static const char *name() { return "feature_1_context2__cvt__feature_1_offset2_1_bn"; }
};

// feature_1_offset2_1_bn
struct config22 {
    static const unsigned channels = 4, height = 1, width = 1, kernel = 1;
    static const unsigned stride = 1, pad = 0, groups = 1, out_channels = 16;
    static const unsigned simd = 4, pe = 8;
    static const bool has_bias = false;
    typedef layer21_t::value_type in_t;
    typedef ap_fixed<16,1> weight_t;
    typedef bias_22_t bias_t;
    typedef ap_fixed<62,33> accum_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> out_t;
    static const char *name() { return "feature_1_offset2_1_bn"; }
};

// feature_1_bn2_1_affine__cvt__feature_1_bn2_1
struct config23 {
    static const unsigned channels = 16, pixels = 64, in_lanes = 16, out_lanes = 8;
    typedef layer20_t::value_type value_t;
    static const char *name() { return "feature_1_bn2_1_affine__cvt__feature_1_bn2_1"; }
};

// feature_1_bn2_1
struct config24 {
    static const unsigned channels = 16, pixels = 64, lanes = 8;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<34,20> accum_t;
    static const char *name() { return "feature_1_bn2_1"; }
};

// feature_1_add_1
struct config25 {
    static const unsigned channels = 16, pixels = 64, lanes = 8;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<30,18> accum_t;
    static const char *name() { return "feature_1_add_1"; }
};

// feature_1_sign2__cvt__feature_1_binary_pw_down2_popcount
struct config26 {
    static const unsigned channels = 16, pixels = 64, in_lanes = 8, out_lanes = 16;
    typedef ap_uint<1> value_t;
    static const char *name() { return "feature_1_sign2__cvt__feature_1_binary_pw_down2_popcount"; }
};

// feature_1_binary_pw_down2_popcount
struct config27 {
    static const unsigned mw = 16, mh = 16, simd = 16, pe = 16, pixels = 64, branches = 1;
    static const bool has_valid = false;
    static const unsigned weight_word_bits = 16;
    typedef ap_int<7> acc_t;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<35,20> accum_t;
    static const char *name() { return "feature_1_binary_pw_down2_popcount"; }
};

// feature_1_context2__cvt__feature_1_offset2_2_bn
struct config28 {
    static const unsigned channels = 4, pixels = 1, in_lanes = 1, out_lanes = 4;
    typedef layer17_t_1::value_type value_t;
    static const char *name() { return "feature_1_context2__cvt__feature_1_offset2_2_bn"; }
};

// feature_1_offset2_2_bn
struct config29 {
    static const unsigned channels = 4, height = 1, width = 1, kernel = 1;
    static const unsigned stride = 1, pad = 0, groups = 1, out_channels = 16;
    static const unsigned simd = 4, pe = 8;
    static const bool has_bias = false;
    typedef layer28_t::value_type in_t;
    typedef ap_fixed<16,2> weight_t;
    typedef bias_29_t bias_t;
    typedef ap_fixed<60,32> accum_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> out_t;
    static const char *name() { return "feature_1_offset2_2_bn"; }
};

// feature_1_bn2_2_affine__cvt__feature_1_bn2_2
struct config30 {
    static const unsigned channels = 16, pixels = 64, in_lanes = 16, out_lanes = 8;
    typedef layer27_t::value_type value_t;
    static const char *name() { return "feature_1_bn2_2_affine__cvt__feature_1_bn2_2"; }
};

// feature_1_bn2_2
struct config31 {
    static const unsigned channels = 16, pixels = 64, lanes = 8;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<33,19> accum_t;
    static const char *name() { return "feature_1_bn2_2"; }
};

// feature_1_add_2
struct config32 {
    static const unsigned channels = 16, pixels = 64, lanes = 8;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<30,18> accum_t;
    static const char *name() { return "feature_1_add_2"; }
};

// feature_1_cat
struct config33 {
    static const unsigned channels_a = 16, channels_b = 16, pixels = 64, lanes = 8;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    static const char *name() { return "feature_1_cat"; }
};

// feature_1_prelu2
struct config34 {
    static const unsigned channels = 32, pixels = 64, lanes = 8;
    typedef layer33_t::value_type in_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<67,37> accum_t;
    typedef ap_fixed<37,22> v_t;
    static const char *name() { return "feature_1_prelu2"; }
};

// feature_1_prelu2__fork
struct config35 {
    static const unsigned words = 256;
    static const char *name() { return "feature_1_prelu2__fork"; }
};

// feature_2_sign1__scan
struct config36 {
    static const unsigned channels = 32, height = 8, width = 8, lanes = 8;
    static const unsigned hidden = 8, e_lanes = 1, simd = 4;
    static const unsigned recip_mantissa = 131072;
    static const int recip_frac = 23;
    typedef layer35_t::value_type in_t;
    typedef ap_fixed<22,12> sum_t;
    typedef ap_fixed<16,3,AP_RND,AP_SAT> gap_t;
    typedef w1_36_t w1_t;
    typedef ap_fixed<63,35> e_acc_t;
    typedef ap_fixed<16,3,AP_RND,AP_SAT> e_t;
    typedef w2_36_t w2_t;
    typedef ap_fixed<60,32> alpha_acc_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> alpha_t;
    static const char *scan_name() { return "feature_2_sign1__scan"; }
    static const char *name() { return "feature_2_sign1"; }
};

// feature_2_pooling
struct config37 {
    static const unsigned channels = 32, height = 8, width = 8, kernel = 2;
    static const unsigned stride = 2, pad = 0, lanes = 8;
    static const unsigned recip_mantissa = 131072;
    static const int recip_frac = 19;
    typedef layer35_t_1::value_type in_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<29,19> sum_t;
    static const char *name() { return "feature_2_pooling"; }
};

// feature_2_sign1__cvt__feature_2_binary_3x3_popcount__window
struct config38 {
    static const unsigned channels = 32, pixels = 64, in_lanes = 8, out_lanes = 32;
    typedef ap_uint<1> value_t;
    static const char *name() { return "feature_2_sign1__cvt__feature_2_binary_3x3_popcount__window"; }
};

// feature_2_binary_3x3_popcount__window
struct config39 {
    static const unsigned channels = 32, height = 8, width = 8, kernel = 3;
    static const unsigned stride = 2, pad = 1, in_lanes = 32, simd = 32, groups = 1;
    static const char *name() { return "feature_2_binary_3x3_popcount__window"; }
};

// feature_2_binary_3x3_popcount
struct config40 {
    static const unsigned mw = 288, mh = 32, simd = 32, pe = 16, pixels = 16, branches = 1;
    static const bool has_valid = true;
    static const unsigned weight_word_bits = 32;
    typedef ap_int<11> acc_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<36,21> accum_t;
    static const char *name() { return "feature_2_binary_3x3_popcount"; }
};

// feature_2_context1__cvt__feature_2_offset1_bn
struct config41 {
    static const unsigned channels = 8, pixels = 1, in_lanes = 1, out_lanes = 8;
    typedef layer36_t_1::value_type value_t;
    static const char *name() { return "feature_2_context1__cvt__feature_2_offset1_bn"; }
};

// feature_2_offset1_bn
struct config42 {
    static const unsigned channels = 8, height = 1, width = 1, kernel = 1;
    static const unsigned stride = 1, pad = 0, groups = 1, out_channels = 32;
    static const unsigned simd = 8, pe = 8;
    static const bool has_bias = false;
    typedef layer41_t::value_type in_t;
    typedef ap_fixed<16,1> weight_t;
    typedef bias_42_t bias_t;
    typedef ap_fixed<59,31> accum_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> out_t;
    static const char *name() { return "feature_2_offset1_bn"; }
};

// feature_2_bn1_affine__cvt__feature_2_bn1
struct config43 {
    static const unsigned channels = 32, pixels = 16, in_lanes = 16, out_lanes = 8;
    typedef layer40_t::value_type value_t;
    static const char *name() { return "feature_2_bn1_affine__cvt__feature_2_bn1"; }
};

// feature_2_bn1
struct config44 {
    static const unsigned channels = 32, pixels = 16, lanes = 8;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<34,20> accum_t;
    static const char *name() { return "feature_2_bn1"; }
};

// feature_2_add
struct config45 {
    static const unsigned channels = 32, pixels = 16, lanes = 8;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<29,18> accum_t;
    static const char *name() { return "feature_2_add"; }
};

// feature_2_prelu1
struct config46 {
    static const unsigned channels = 32, pixels = 16, lanes = 8;
    typedef layer45_t::value_type in_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<66,36> accum_t;
    typedef ap_fixed<36,21> v_t;
    static const char *name() { return "feature_2_prelu1"; }
};

// feature_2_prelu1__fork
struct config47 {
    static const unsigned words = 64;
    static const char *name() { return "feature_2_prelu1__fork"; }
};

// feature_2_sign2__scan
struct config48 {
    static const unsigned channels = 32, height = 4, width = 4, lanes = 8;
    static const unsigned hidden = 8, e_lanes = 1, simd = 4;
    static const unsigned recip_mantissa = 131072;
    static const int recip_frac = 21;
    typedef layer47_t::value_type in_t;
    typedef ap_fixed<20,9> sum_t;
    typedef ap_fixed<16,3,AP_RND,AP_SAT> gap_t;
    typedef w1_48_t w1_t;
    typedef ap_fixed<63,35> e_acc_t;
    typedef ap_fixed<16,3,AP_RND,AP_SAT> e_t;
    typedef w2_48_t w2_t;
    typedef ap_fixed<60,32> alpha_acc_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> alpha_t;
    static const char *scan_name() { return "feature_2_sign2__scan"; }
    static const char *name() { return "feature_2_sign2"; }
};

// feature_2_context2__fork
struct config49 {
    static const unsigned words = 8;
    static const char *name() { return "feature_2_context2__fork"; }
};

// feature_2_sign2__fork
struct config50 {
    static const unsigned words = 64;
    static const char *name() { return "feature_2_sign2__fork"; }
};

// feature_2_sign2__cvt__feature_2_binary_pw_down1_popcount
struct config51 {
    static const unsigned channels = 32, pixels = 16, in_lanes = 8, out_lanes = 32;
    typedef ap_uint<1> value_t;
    static const char *name() { return "feature_2_sign2__cvt__feature_2_binary_pw_down1_popcount"; }
};

// feature_2_binary_pw_down1_popcount
struct config52 {
    static const unsigned mw = 32, mh = 32, simd = 32, pe = 16, pixels = 16, branches = 1;
    static const bool has_valid = false;
    static const unsigned weight_word_bits = 32;
    typedef ap_int<8> acc_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<35,20> accum_t;
    static const char *name() { return "feature_2_binary_pw_down1_popcount"; }
};

// feature_2_context2__cvt__feature_2_offset2_1_bn
struct config53 {
    static const unsigned channels = 8, pixels = 1, in_lanes = 1, out_lanes = 8;
    typedef layer49_t::value_type value_t;
    static const char *name() { return "feature_2_context2__cvt__feature_2_offset2_1_bn"; }
};

// feature_2_offset2_1_bn
struct config54 {
    static const unsigned channels = 8, height = 1, width = 1, kernel = 1;
    static const unsigned stride = 1, pad = 0, groups = 1, out_channels = 32;
    static const unsigned simd = 8, pe = 8;
    static const bool has_bias = false;
    typedef layer53_t::value_type in_t;
    typedef ap_fixed<16,1> weight_t;
    typedef bias_54_t bias_t;
    typedef ap_fixed<61,33> accum_t;
    typedef ap_fixed<16,3,AP_RND,AP_SAT> out_t;
    static const char *name() { return "feature_2_offset2_1_bn"; }
};

// feature_2_bn2_1_affine__cvt__feature_2_bn2_1
struct config55 {
    static const unsigned channels = 32, pixels = 16, in_lanes = 16, out_lanes = 8;
    typedef layer52_t::value_type value_t;
    static const char *name() { return "feature_2_bn2_1_affine__cvt__feature_2_bn2_1"; }
};

// feature_2_bn2_1
struct config56 {
    static const unsigned channels = 32, pixels = 16, lanes = 8;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,3,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<32,19> accum_t;
    static const char *name() { return "feature_2_bn2_1"; }
};

// feature_2_add_1
struct config57 {
    static const unsigned channels = 32, pixels = 16, lanes = 8;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<30,18> accum_t;
    static const char *name() { return "feature_2_add_1"; }
};

// feature_2_sign2__cvt__feature_2_binary_pw_down2_popcount
struct config58 {
    static const unsigned channels = 32, pixels = 16, in_lanes = 8, out_lanes = 32;
    typedef ap_uint<1> value_t;
    static const char *name() { return "feature_2_sign2__cvt__feature_2_binary_pw_down2_popcount"; }
};

// feature_2_binary_pw_down2_popcount
struct config59 {
    static const unsigned mw = 32, mh = 32, simd = 32, pe = 16, pixels = 16, branches = 1;
    static const bool has_valid = false;
    static const unsigned weight_word_bits = 32;
    typedef ap_int<8> acc_t;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<35,20> accum_t;
    static const char *name() { return "feature_2_binary_pw_down2_popcount"; }
};

// feature_2_context2__cvt__feature_2_offset2_2_bn
struct config60 {
    static const unsigned channels = 8, pixels = 1, in_lanes = 1, out_lanes = 8;
    typedef layer49_t_1::value_type value_t;
    static const char *name() { return "feature_2_context2__cvt__feature_2_offset2_2_bn"; }
};

// feature_2_offset2_2_bn
struct config61 {
    static const unsigned channels = 8, height = 1, width = 1, kernel = 1;
    static const unsigned stride = 1, pad = 0, groups = 1, out_channels = 32;
    static const unsigned simd = 8, pe = 8;
    static const bool has_bias = false;
    typedef layer60_t::value_type in_t;
    typedef ap_fixed<16,1> weight_t;
    typedef bias_61_t bias_t;
    typedef ap_fixed<61,33> accum_t;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> out_t;
    static const char *name() { return "feature_2_offset2_2_bn"; }
};

// feature_2_bn2_2_affine__cvt__feature_2_bn2_2
struct config62 {
    static const unsigned channels = 32, pixels = 16, in_lanes = 16, out_lanes = 8;
    typedef layer59_t::value_type value_t;
    static const char *name() { return "feature_2_bn2_2_affine__cvt__feature_2_bn2_2"; }
};

// feature_2_bn2_2
struct config63 {
    static const unsigned channels = 32, pixels = 16, lanes = 8;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<30,18> accum_t;
    static const char *name() { return "feature_2_bn2_2"; }
};

// feature_2_add_2
struct config64 {
    static const unsigned channels = 32, pixels = 16, lanes = 8;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<30,18> accum_t;
    static const char *name() { return "feature_2_add_2"; }
};

// feature_2_cat
struct config65 {
    static const unsigned channels_a = 32, channels_b = 32, pixels = 16, lanes = 8;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    static const char *name() { return "feature_2_cat"; }
};

// feature_2_prelu2
struct config66 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    typedef layer65_t::value_type in_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<67,37> accum_t;
    typedef ap_fixed<37,22> v_t;
    static const char *name() { return "feature_2_prelu2"; }
};

// feature_2_prelu2__fork
struct config67 {
    static const unsigned words = 128;
    static const char *name() { return "feature_2_prelu2__fork"; }
};

// mlp_layer_0_mlp_layer_0_move0
struct config68 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    typedef layer67_t::value_type in_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_0_move0"; }
};

// mlp_layer_0_mlp_layer_0_move0__cvt__mlp_layer_0_mlp_layer_0_bn1_popcount__gather_in
struct config69 {
    static const unsigned channels = 64, pixels = 16, in_lanes = 8, out_lanes = 16;
    typedef ap_uint<1> value_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_0_move0__cvt__mlp_layer_0_mlp_layer_0_bn1_popcount__gather_in"; }
};

// mlp_layer_0_mlp_layer_0_bn1_popcount__gather_in
struct config70 {
    static const unsigned channels = 64, height = 4, width = 4, simd = 16;
    static const unsigned shift_h = 1, shift_w = 1, global_h = 2, global_w = 2;
    static const unsigned repeats = 1;
    static const bool tile = false;
    static const char *in_name() { return "mlp_layer_0_mlp_layer_0_bn1_popcount__gather_in"; }
    static const char *name() { return "mlp_layer_0_mlp_layer_0_bn1_popcount__gather_out"; }
};

// mlp_layer_0_mlp_layer_0_bn1_popcount
struct config71 {
    static const unsigned mw = 192, mh = 64, simd = 16, pe = 16, pixels = 16, branches = 3;
    static const bool has_valid = false;
    static const unsigned weight_word_bits = 16;
    typedef ap_int<10> acc_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<36,21> accum_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_0_bn1_popcount"; }
};

// mlp_layer_0_mlp_layer_0_bn1__cvt__mlp_layer_0_mlp_layer_0_add_2
struct config72 {
    static const unsigned channels = 64, pixels = 16, in_lanes = 16, out_lanes = 8;
    typedef layer71_t::value_type value_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_0_bn1__cvt__mlp_layer_0_mlp_layer_0_add_2"; }
};

// mlp_layer_0_mlp_layer_0_add_2
struct config73 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<29,18> accum_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_0_add_2"; }
};

// mlp_layer_0_mlp_layer_0_prelu
struct config74 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    typedef layer73_t::value_type in_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<67,37> accum_t;
    typedef ap_fixed<37,22> v_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_0_prelu"; }
};

// mlp_layer_0_mlp_layer_0_prelu__fork
struct config75 {
    static const unsigned words = 128;
    static const char *name() { return "mlp_layer_0_mlp_layer_0_prelu__fork"; }
};

// mlp_layer_0_mlp_layer_1_move0
struct config76 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    typedef layer75_t::value_type in_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_1_move0"; }
};

// mlp_layer_0_mlp_layer_1_move0__cvt__mlp_layer_0_mlp_layer_1_bn1_popcount__gather_in
struct config77 {
    static const unsigned channels = 64, pixels = 16, in_lanes = 8, out_lanes = 16;
    typedef ap_uint<1> value_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_1_move0__cvt__mlp_layer_0_mlp_layer_1_bn1_popcount__gather_in"; }
};

// mlp_layer_0_mlp_layer_1_bn1_popcount__gather_in
struct config78 {
    static const unsigned channels = 64, height = 4, width = 4, simd = 16;
    static const unsigned shift_h = 1, shift_w = 1, global_h = 2, global_w = 2;
    static const unsigned repeats = 1;
    static const bool tile = false;
    static const char *in_name() { return "mlp_layer_0_mlp_layer_1_bn1_popcount__gather_in"; }
    static const char *name() { return "mlp_layer_0_mlp_layer_1_bn1_popcount__gather_out"; }
};

// mlp_layer_0_mlp_layer_1_bn1_popcount
struct config79 {
    static const unsigned mw = 192, mh = 64, simd = 16, pe = 16, pixels = 16, branches = 3;
    static const bool has_valid = false;
    static const unsigned weight_word_bits = 16;
    typedef ap_int<10> acc_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<36,21> accum_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_1_bn1_popcount"; }
};

// mlp_layer_0_mlp_layer_1_bn1__cvt__mlp_layer_0_mlp_layer_1_add_2
struct config80 {
    static const unsigned channels = 64, pixels = 16, in_lanes = 16, out_lanes = 8;
    typedef layer79_t::value_type value_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_1_bn1__cvt__mlp_layer_0_mlp_layer_1_add_2"; }
};

// mlp_layer_0_mlp_layer_1_add_2
struct config81 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<29,18> accum_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_1_add_2"; }
};

// mlp_layer_0_mlp_layer_1_prelu
struct config82 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    typedef layer81_t::value_type in_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<67,37> accum_t;
    typedef ap_fixed<37,22> v_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_1_prelu"; }
};

// mlp_layer_0_mlp_layer_1_prelu__fork
struct config83 {
    static const unsigned words = 128;
    static const char *name() { return "mlp_layer_0_mlp_layer_1_prelu__fork"; }
};

// mlp_layer_0_mlp_layer_2_move0
struct config84 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    typedef layer83_t::value_type in_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_2_move0"; }
};

// mlp_layer_0_mlp_layer_2_move0__cvt__mlp_layer_0_mlp_layer_2_bn1_popcount__gather_in
struct config85 {
    static const unsigned channels = 64, pixels = 16, in_lanes = 8, out_lanes = 16;
    typedef ap_uint<1> value_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_2_move0__cvt__mlp_layer_0_mlp_layer_2_bn1_popcount__gather_in"; }
};

// mlp_layer_0_mlp_layer_2_bn1_popcount__gather_in
struct config86 {
    static const unsigned channels = 64, height = 4, width = 4, simd = 16;
    static const unsigned shift_h = 1, shift_w = 1, global_h = 2, global_w = 2;
    static const unsigned repeats = 1;
    static const bool tile = false;
    static const char *in_name() { return "mlp_layer_0_mlp_layer_2_bn1_popcount__gather_in"; }
    static const char *name() { return "mlp_layer_0_mlp_layer_2_bn1_popcount__gather_out"; }
};

// mlp_layer_0_mlp_layer_2_bn1_popcount
struct config87 {
    static const unsigned mw = 192, mh = 64, simd = 16, pe = 16, pixels = 16, branches = 3;
    static const bool has_valid = false;
    static const unsigned weight_word_bits = 16;
    typedef ap_int<10> acc_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<37,22> accum_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_2_bn1_popcount"; }
};

// mlp_layer_0_mlp_layer_2_bn1__cvt__mlp_layer_0_mlp_layer_2_add_2
struct config88 {
    static const unsigned channels = 64, pixels = 16, in_lanes = 16, out_lanes = 8;
    typedef layer87_t::value_type value_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_2_bn1__cvt__mlp_layer_0_mlp_layer_2_add_2"; }
};

// mlp_layer_0_mlp_layer_2_add_2
struct config89 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<29,18> accum_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_2_add_2"; }
};

// mlp_layer_0_mlp_layer_2_prelu
struct config90 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    typedef layer89_t::value_type in_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<67,37> accum_t;
    typedef ap_fixed<37,22> v_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_2_prelu"; }
};

// mlp_layer_0_mlp_layer_2_prelu__fork
struct config91 {
    static const unsigned words = 128;
    static const char *name() { return "mlp_layer_0_mlp_layer_2_prelu__fork"; }
};

// mlp_layer_0_mlp_layer_3_move0
struct config92 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    typedef layer91_t::value_type in_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_3_move0"; }
};

// mlp_layer_0_mlp_layer_3_move0__cvt__mlp_layer_0_mlp_layer_3_binary_conv_popcount
struct config93 {
    static const unsigned channels = 64, pixels = 16, in_lanes = 8, out_lanes = 64;
    typedef ap_uint<1> value_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_3_move0__cvt__mlp_layer_0_mlp_layer_3_binary_conv_popcount"; }
};

// mlp_layer_0_mlp_layer_3_binary_conv_popcount
struct config94 {
    static const unsigned mw = 64, mh = 64, simd = 64, pe = 16, pixels = 16, branches = 1;
    static const bool has_valid = false;
    static const unsigned weight_word_bits = 32;
    typedef ap_int<9> acc_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<36,21> accum_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_3_binary_conv_popcount"; }
};

// mlp_layer_0_mlp_layer_3_bn1__cvt__mlp_layer_0_mlp_layer_3_add
struct config95 {
    static const unsigned channels = 64, pixels = 16, in_lanes = 16, out_lanes = 8;
    typedef layer94_t::value_type value_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_3_bn1__cvt__mlp_layer_0_mlp_layer_3_add"; }
};

// mlp_layer_0_mlp_layer_3_add
struct config96 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,7,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<29,18> accum_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_3_add"; }
};

// mlp_layer_0_mlp_layer_3_prelu
struct config97 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    typedef layer96_t::value_type in_t;
    typedef ap_fixed<16,7,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<68,38> accum_t;
    typedef ap_fixed<38,23> v_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_3_prelu"; }
};

// pool1
struct config98 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    static const unsigned recip_mantissa = 131072;
    static const int recip_frac = 21;
    typedef layer97_t::value_type in_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<20,11> sum_t;
    static const char *name() { return "pool1"; }
};

// head
struct config99 {
    static const unsigned channels = 64, height = 1, width = 1, kernel = 1;
    static const unsigned stride = 1, pad = 0, groups = 1, out_channels = 10;
    static const unsigned simd = 8, pe = 5;
    static const bool has_bias = true;
    typedef layer98_t::value_type in_t;
    typedef ap_fixed<16,1> weight_t;
    typedef bias_99_t bias_t;
    typedef ap_fixed<59,34> accum_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    static const char *name() { return "head"; }
};



#endif
