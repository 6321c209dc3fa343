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

// hls-fpga-machine-learning insert weights
#include "weights/wfix_2.h"
#include "weights/bias_2.h"
#include "weights/w1_5.h"
#include "weights/w2_5.h"
#include "weights/wbits_6.h"
#include "weights/p0_6.h"
#include "weights/p1_6.h"
#include "weights/wfix_7.h"
#include "weights/bias_7.h"
#include "weights/p0_11.h"
#include "weights/p1_11.h"
#include "weights/p2_11.h"
#include "weights/w1_13.h"
#include "weights/w2_13.h"
#include "weights/wbits_17.h"
#include "weights/p0_17.h"
#include "weights/p1_17.h"
#include "weights/wfix_18.h"
#include "weights/bias_18.h"
#include "weights/wbits_22.h"
#include "weights/p0_22.h"
#include "weights/p1_22.h"
#include "weights/wfix_23.h"
#include "weights/bias_23.h"
#include "weights/p0_27.h"
#include "weights/p1_27.h"
#include "weights/p2_27.h"
#include "weights/w1_29.h"
#include "weights/w2_29.h"
#include "weights/wbits_31.h"
#include "weights/p0_31.h"
#include "weights/p1_31.h"
#include "weights/wfix_32.h"
#include "weights/bias_32.h"
#include "weights/p0_35.h"
#include "weights/p1_35.h"
#include "weights/p2_35.h"
#include "weights/w1_37.h"
#include "weights/w2_37.h"
#include "weights/wbits_41.h"
#include "weights/p0_41.h"
#include "weights/p1_41.h"
#include "weights/wfix_42.h"
#include "weights/bias_42.h"
#include "weights/wbits_46.h"
#include "weights/p0_46.h"
#include "weights/p1_46.h"
#include "weights/wfix_47.h"
#include "weights/bias_47.h"
#include "weights/p0_51.h"
#include "weights/p1_51.h"
#include "weights/p2_51.h"
#include "weights/p0_53.h"
#include "weights/p1_53.h"
#include "weights/wbits_54.h"
#include "weights/p0_54.h"
#include "weights/p1_54.h"
#include "weights/p0_56.h"
#include "weights/p1_56.h"
#include "weights/p2_56.h"
#include "weights/p0_58.h"
#include "weights/p1_58.h"
#include "weights/wbits_59.h"
#include "weights/p0_59.h"
#include "weights/p1_59.h"
#include "weights/p0_61.h"
#include "weights/p1_61.h"
#include "weights/p2_61.h"
#include "weights/p0_63.h"
#include "weights/p1_63.h"
#include "weights/wbits_64.h"
#include "weights/p0_64.h"
#include "weights/p1_64.h"
#include "weights/p0_66.h"
#include "weights/p1_66.h"
#include "weights/p2_66.h"
#include "weights/p0_68.h"
#include "weights/p1_68.h"
#include "weights/wbits_70.h"
#include "weights/p0_70.h"
#include "weights/p1_70.h"
#include "weights/p0_72.h"
#include "weights/p1_72.h"
#include "weights/p2_72.h"
#include "weights/wfix_74.h"
#include "weights/bias_74.h"


// hls-fpga-machine-learning insert layer-config
// feature_0_bn1
struct config2_window {
    static const unsigned channels = 1, height = 8, width = 8, kernel = 3;
    static const unsigned stride = 1, pad = 1, in_lanes = 1, simd = 3, groups = 1;
    static const char *name() { return "feature_0_bn1__window"; }
};
struct config2 {
    static const unsigned channels = 1, height = 8, width = 8, kernel = 3;
    static const unsigned stride = 1, pad = 1, groups = 1, out_channels = 16;
    static const unsigned in_lanes = 1, simd = 3, pe = 4;
    typedef input_t::value_type in_t;
    typedef wfix_2_t weight_t;
    typedef bias_2_t bias_t;
    typedef ap_fixed<60,33> accum_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    static const char *name() { return "feature_0_bn1"; }
};
// feature_0_bn1__dup
struct config3 {
    static const unsigned words = 256;
    static const char *name() { return "feature_0_bn1__dup"; }
};
// feature_0_bn1__dup0__feature_1_sign1__cvt
struct config4 {
    static const unsigned channels = 16, pixels = 64, in_lanes = 4, out_lanes = 8;
    typedef layer3_t::value_type value_t;
    static const char *name() { return "feature_0_bn1__dup0__feature_1_sign1__cvt"; }
};
// feature_1_sign1
struct config5 {
    static const unsigned channels = 16, height = 8, width = 8, lanes = 8;
    static const unsigned hidden = 4, e_lanes = 1, simd = 1;
    static const unsigned recip_mantissa = 131072;
    static const int recip_frac = 23;
    typedef layer4_t::value_type in_t;
    typedef ap_fixed<34,23> sum_t;
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
// feature_1_bn1_affine
struct config6_swu {
    static const unsigned channels = 16, height = 8, width = 8, kernel = 3;
    static const unsigned stride = 1, pad = 1, in_lanes = 8, simd = 48, groups = 1;
    static const char *name() { return "feature_1_bn1_affine__window"; }
};
struct config6 {
    static const unsigned mw = 144, mh = 16, simd = 48, pe = 8, pixels = 64, branches = 1;
    static const bool interleaved = false, has_valid = true, params_by_output = false;
    static const unsigned weight_word_bits = 32;
    typedef ap_int<10> acc_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<36,21> accum_t;
    static const char *name() { return "feature_1_bn1_affine"; }
};
// feature_1_offset1_bn
struct config7_convert {
    static const unsigned channels = 4, pixels = 1 * 1, in_lanes = 1, out_lanes = 4;
    typedef layer5_t_1::value_type value_t;
    static const char *name() { return "feature_1_offset1_bn__convert"; }
};
struct config7 {
    static const unsigned channels = 4, height = 1, width = 1, kernel = 1;
    static const unsigned stride = 1, pad = 0, groups = 1, out_channels = 16;
    static const unsigned in_lanes = 1, simd = 4, pe = 4;
    typedef layer5_t_1::value_type in_t;
    typedef wfix_7_t weight_t;
    typedef bias_7_t bias_t;
    typedef ap_fixed<60,31> accum_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> out_t;
    static const char *name() { return "feature_1_offset1_bn"; }
};
// feature_1_bn1
struct config8 {
    static const unsigned channels = 16, pixels = 64, lanes = 8, offset_lanes = 4;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<34,20> accum_t;
    static const char *name() { return "feature_1_bn1"; }
};
// feature_0_bn1__dup1__feature_1_add__cvt
struct config9 {
    static const unsigned channels = 16, pixels = 64, in_lanes = 4, out_lanes = 8;
    typedef layer3_t_1::value_type value_t;
    static const char *name() { return "feature_0_bn1__dup1__feature_1_add__cvt"; }
};
// feature_1_add
struct config10 {
    static const unsigned channels = 16, pixels = 64, lanes = 8, offset_lanes = 8;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<29,18> accum_t;
    static const char *name() { return "feature_1_add"; }
};
// feature_1_prelu1
struct config11 {
    static const unsigned channels = 16, pixels = 64, lanes = 8;
    typedef layer10_t::value_type in_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<66,36> accum_t;
    typedef ap_fixed<36,21> v_t;
    static const char *name() { return "feature_1_prelu1"; }
};
// feature_1_prelu1__dup
struct config12 {
    static const unsigned words = 128;
    static const char *name() { return "feature_1_prelu1__dup"; }
};
// feature_1_sign2
struct config13 {
    static const unsigned channels = 16, height = 8, width = 8, lanes = 8;
    static const unsigned hidden = 4, e_lanes = 1, simd = 1;
    static const unsigned recip_mantissa = 131072;
    static const int recip_frac = 23;
    typedef layer12_t::value_type in_t;
    typedef ap_fixed<34,23> sum_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> gap_t;
    typedef w1_13_t w1_t;
    typedef ap_fixed<63,34> e_acc_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> e_t;
    typedef w2_13_t w2_t;
    typedef ap_fixed<61,32> alpha_acc_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> alpha_t;
    static const char *scan_name() { return "feature_1_sign2__scan"; }
    static const char *name() { return "feature_1_sign2"; }
};
// feature_1_sign2__dup
struct config14 {
    static const unsigned words = 128;
    static const char *name() { return "feature_1_sign2__dup"; }
};
// feature_1_context2__dup
struct config15 {
    static const unsigned words = 4;
    static const char *name() { return "feature_1_context2__dup"; }
};
// feature_1_sign2__dup0__feature_1_bn2_1_affine__cvt
struct config16 {
    static const unsigned channels = 16, pixels = 64, in_lanes = 8, out_lanes = 16;
    typedef ap_uint<1> value_t;
    static const char *name() { return "feature_1_sign2__dup0__feature_1_bn2_1_affine__cvt"; }
};
// feature_1_bn2_1_affine
struct config17 {
    static const unsigned mw = 16, mh = 16, simd = 16, pe = 8, pixels = 64, branches = 1;
    static const bool interleaved = false, has_valid = false, params_by_output = false;
    static const unsigned weight_word_bits = 16;
    typedef ap_int<7> acc_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<35,20> accum_t;
    static const char *name() { return "feature_1_bn2_1_affine"; }
};
// feature_1_offset2_1_bn
struct config18_convert {
    static const unsigned channels = 4, pixels = 1 * 1, in_lanes = 1, out_lanes = 4;
    typedef layer15_t::value_type value_t;
    static const char *name() { return "feature_1_offset2_1_bn__convert"; }
};
struct config18 {
    static const unsigned channels = 4, height = 1, width = 1, kernel = 1;
    static const unsigned stride = 1, pad = 0, groups = 1, out_channels = 16;
    static const unsigned in_lanes = 1, simd = 4, pe = 4;
    typedef layer15_t::value_type in_t;
    typedef wfix_18_t weight_t;
    typedef bias_18_t bias_t;
    typedef ap_fixed<62,33> accum_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> out_t;
    static const char *name() { return "feature_1_offset2_1_bn"; }
};
// feature_1_bn2_1
struct config19 {
    static const unsigned channels = 16, pixels = 64, lanes = 8, offset_lanes = 4;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<34,20> accum_t;
    static const char *name() { return "feature_1_bn2_1"; }
};
// feature_1_add_1
struct config20 {
    static const unsigned channels = 16, pixels = 64, lanes = 8, offset_lanes = 8;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<30,18> accum_t;
    static const char *name() { return "feature_1_add_1"; }
};
// feature_1_sign2__dup1__feature_1_bn2_2_affine__cvt
struct config21 {
    static const unsigned channels = 16, pixels = 64, in_lanes = 8, out_lanes = 16;
    typedef ap_uint<1> value_t;
    static const char *name() { return "feature_1_sign2__dup1__feature_1_bn2_2_affine__cvt"; }
};
// feature_1_bn2_2_affine
struct config22 {
    static const unsigned mw = 16, mh = 16, simd = 16, pe = 8, pixels = 64, branches = 1;
    static const bool interleaved = false, has_valid = false, params_by_output = false;
    static const unsigned weight_word_bits = 16;
    typedef ap_int<7> acc_t;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<35,20> accum_t;
    static const char *name() { return "feature_1_bn2_2_affine"; }
};
// feature_1_offset2_2_bn
struct config23_convert {
    static const unsigned channels = 4, pixels = 1 * 1, in_lanes = 1, out_lanes = 4;
    typedef layer15_t_1::value_type value_t;
    static const char *name() { return "feature_1_offset2_2_bn__convert"; }
};
struct config23 {
    static const unsigned channels = 4, height = 1, width = 1, kernel = 1;
    static const unsigned stride = 1, pad = 0, groups = 1, out_channels = 16;
    static const unsigned in_lanes = 1, simd = 4, pe = 4;
    typedef layer15_t_1::value_type in_t;
    typedef wfix_23_t weight_t;
    typedef bias_23_t bias_t;
    typedef ap_fixed<60,32> accum_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> out_t;
    static const char *name() { return "feature_1_offset2_2_bn"; }
};
// feature_1_bn2_2
struct config24 {
    static const unsigned channels = 16, pixels = 64, lanes = 8, offset_lanes = 4;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<33,19> accum_t;
    static const char *name() { return "feature_1_bn2_2"; }
};
// feature_1_add_2
struct config25 {
    static const unsigned channels = 16, pixels = 64, lanes = 8, offset_lanes = 8;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<30,18> accum_t;
    static const char *name() { return "feature_1_add_2"; }
};
// feature_1_cat
struct config26 {
    static const unsigned channels_a = 16, channels_b = 16, pixels = 64, lanes = 8;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    static const char *name() { return "feature_1_cat"; }
};
// feature_1_prelu2
struct config27 {
    static const unsigned channels = 32, pixels = 64, lanes = 8;
    typedef layer26_t::value_type in_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<67,37> accum_t;
    typedef ap_fixed<37,22> v_t;
    static const char *name() { return "feature_1_prelu2"; }
};
// feature_1_prelu2__dup
struct config28 {
    static const unsigned words = 256;
    static const char *name() { return "feature_1_prelu2__dup"; }
};
// feature_2_sign1
struct config29 {
    static const unsigned channels = 32, height = 8, width = 8, lanes = 8;
    static const unsigned hidden = 8, e_lanes = 1, simd = 1;
    static const unsigned recip_mantissa = 131072;
    static const int recip_frac = 23;
    typedef layer28_t::value_type in_t;
    typedef ap_fixed<33,23> sum_t;
    typedef ap_fixed<16,3,AP_RND,AP_SAT> gap_t;
    typedef w1_29_t w1_t;
    typedef ap_fixed<63,35> e_acc_t;
    typedef ap_fixed<16,3,AP_RND,AP_SAT> e_t;
    typedef w2_29_t w2_t;
    typedef ap_fixed<60,32> alpha_acc_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> alpha_t;
    static const char *scan_name() { return "feature_2_sign1__scan"; }
    static const char *name() { return "feature_2_sign1"; }
};
// feature_2_pooling
struct config30 {
    static const unsigned channels = 32, height = 8, width = 8, kernel = 2;
    static const unsigned stride = 2, pad = 0, lanes = 8;
    static const unsigned recip_mantissa = 131072;
    static const int recip_frac = 19;
    typedef layer28_t_1::value_type in_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<29,19> sum_t;
    static const char *name() { return "feature_2_pooling"; }
};
// feature_2_bn1_affine
struct config31_swu {
    static const unsigned channels = 32, height = 8, width = 8, kernel = 3;
    static const unsigned stride = 2, pad = 1, in_lanes = 8, simd = 32, groups = 1;
    static const char *name() { return "feature_2_bn1_affine__window"; }
};
struct config31 {
    static const unsigned mw = 288, mh = 32, simd = 32, pe = 8, pixels = 16, branches = 1;
    static const bool interleaved = false, has_valid = true, params_by_output = false;
    static const unsigned weight_word_bits = 32;
    typedef ap_int<11> acc_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<36,21> accum_t;
    static const char *name() { return "feature_2_bn1_affine"; }
};
// feature_2_offset1_bn
struct config32_convert {
    static const unsigned channels = 8, pixels = 1 * 1, in_lanes = 1, out_lanes = 8;
    typedef layer29_t_1::value_type value_t;
    static const char *name() { return "feature_2_offset1_bn__convert"; }
};
struct config32 {
    static const unsigned channels = 8, height = 1, width = 1, kernel = 1;
    static const unsigned stride = 1, pad = 0, groups = 1, out_channels = 32;
    static const unsigned in_lanes = 1, simd = 8, pe = 4;
    typedef layer29_t_1::value_type in_t;
    typedef wfix_32_t weight_t;
    typedef bias_32_t bias_t;
    typedef ap_fixed<59,31> accum_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> out_t;
    static const char *name() { return "feature_2_offset1_bn"; }
};
// feature_2_bn1
struct config33 {
    static const unsigned channels = 32, pixels = 16, lanes = 8, offset_lanes = 4;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<34,20> accum_t;
    static const char *name() { return "feature_2_bn1"; }
};
// feature_2_add
struct config34 {
    static const unsigned channels = 32, pixels = 16, lanes = 8, offset_lanes = 8;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<29,18> accum_t;
    static const char *name() { return "feature_2_add"; }
};
// feature_2_prelu1
struct config35 {
    static const unsigned channels = 32, pixels = 16, lanes = 8;
    typedef layer34_t::value_type in_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<66,36> accum_t;
    typedef ap_fixed<36,21> v_t;
    static const char *name() { return "feature_2_prelu1"; }
};
// feature_2_prelu1__dup
struct config36 {
    static const unsigned words = 64;
    static const char *name() { return "feature_2_prelu1__dup"; }
};
// feature_2_sign2
struct config37 {
    static const unsigned channels = 32, height = 4, width = 4, lanes = 8;
    static const unsigned hidden = 8, e_lanes = 1, simd = 1;
    static const unsigned recip_mantissa = 131072;
    static const int recip_frac = 21;
    typedef layer36_t::value_type in_t;
    typedef ap_fixed<32,21> sum_t;
    typedef ap_fixed<16,3,AP_RND,AP_SAT> gap_t;
    typedef w1_37_t w1_t;
    typedef ap_fixed<63,35> e_acc_t;
    typedef ap_fixed<16,3,AP_RND,AP_SAT> e_t;
    typedef w2_37_t w2_t;
    typedef ap_fixed<60,32> alpha_acc_t;
    typedef ap_fixed<16,2,AP_RND,AP_SAT> alpha_t;
    static const char *scan_name() { return "feature_2_sign2__scan"; }
    static const char *name() { return "feature_2_sign2"; }
};
// feature_2_sign2__dup
struct config38 {
    static const unsigned words = 64;
    static const char *name() { return "feature_2_sign2__dup"; }
};
// feature_2_context2__dup
struct config39 {
    static const unsigned words = 8;
    static const char *name() { return "feature_2_context2__dup"; }
};
// feature_2_sign2__dup0__feature_2_bn2_1_affine__cvt
struct config40 {
    static const unsigned channels = 32, pixels = 16, in_lanes = 8, out_lanes = 32;
    typedef ap_uint<1> value_t;
    static const char *name() { return "feature_2_sign2__dup0__feature_2_bn2_1_affine__cvt"; }
};
// feature_2_bn2_1_affine
struct config41 {
    static const unsigned mw = 32, mh = 32, simd = 32, pe = 8, pixels = 16, branches = 1;
    static const bool interleaved = false, has_valid = false, params_by_output = false;
    static const unsigned weight_word_bits = 32;
    typedef ap_int<8> acc_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<35,20> accum_t;
    static const char *name() { return "feature_2_bn2_1_affine"; }
};
// feature_2_offset2_1_bn
struct config42_convert {
    static const unsigned channels = 8, pixels = 1 * 1, in_lanes = 1, out_lanes = 8;
    typedef layer39_t::value_type value_t;
    static const char *name() { return "feature_2_offset2_1_bn__convert"; }
};
struct config42 {
    static const unsigned channels = 8, height = 1, width = 1, kernel = 1;
    static const unsigned stride = 1, pad = 0, groups = 1, out_channels = 32;
    static const unsigned in_lanes = 1, simd = 8, pe = 4;
    typedef layer39_t::value_type in_t;
    typedef wfix_42_t weight_t;
    typedef bias_42_t bias_t;
    typedef ap_fixed<61,33> accum_t;
    typedef ap_fixed<16,3,AP_RND,AP_SAT> out_t;
    static const char *name() { return "feature_2_offset2_1_bn"; }
};
// feature_2_bn2_1
struct config43 {
    static const unsigned channels = 32, pixels = 16, lanes = 8, offset_lanes = 4;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,3,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<32,19> accum_t;
    static const char *name() { return "feature_2_bn2_1"; }
};
// feature_2_add_1
struct config44 {
    static const unsigned channels = 32, pixels = 16, lanes = 8, offset_lanes = 8;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<30,18> accum_t;
    static const char *name() { return "feature_2_add_1"; }
};
// feature_2_sign2__dup1__feature_2_bn2_2_affine__cvt
struct config45 {
    static const unsigned channels = 32, pixels = 16, in_lanes = 8, out_lanes = 32;
    typedef ap_uint<1> value_t;
    static const char *name() { return "feature_2_sign2__dup1__feature_2_bn2_2_affine__cvt"; }
};
// feature_2_bn2_2_affine
struct config46 {
    static const unsigned mw = 32, mh = 32, simd = 32, pe = 8, pixels = 16, branches = 1;
    static const bool interleaved = false, has_valid = false, params_by_output = false;
    static const unsigned weight_word_bits = 32;
    typedef ap_int<8> acc_t;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<35,20> accum_t;
    static const char *name() { return "feature_2_bn2_2_affine"; }
};
// feature_2_offset2_2_bn
struct config47_convert {
    static const unsigned channels = 8, pixels = 1 * 1, in_lanes = 1, out_lanes = 8;
    typedef layer39_t_1::value_type value_t;
    static const char *name() { return "feature_2_offset2_2_bn__convert"; }
};
struct config47 {
    static const unsigned channels = 8, height = 1, width = 1, kernel = 1;
    static const unsigned stride = 1, pad = 0, groups = 1, out_channels = 32;
    static const unsigned in_lanes = 1, simd = 8, pe = 4;
    typedef layer39_t_1::value_type in_t;
    typedef wfix_47_t weight_t;
    typedef bias_47_t bias_t;
    typedef ap_fixed<61,33> accum_t;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> out_t;
    static const char *name() { return "feature_2_offset2_2_bn"; }
};
// feature_2_bn2_2
struct config48 {
    static const unsigned channels = 32, pixels = 16, lanes = 8, offset_lanes = 4;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<30,18> accum_t;
    static const char *name() { return "feature_2_bn2_2"; }
};
// feature_2_add_2
struct config49 {
    static const unsigned channels = 32, pixels = 16, lanes = 8, offset_lanes = 8;
    typedef ap_fixed<16,4,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<30,18> accum_t;
    static const char *name() { return "feature_2_add_2"; }
};
// feature_2_cat
struct config50 {
    static const unsigned channels_a = 32, channels_b = 32, pixels = 16, lanes = 8;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    static const char *name() { return "feature_2_cat"; }
};
// feature_2_prelu2
struct config51 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    typedef layer50_t::value_type in_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<67,37> accum_t;
    typedef ap_fixed<37,22> v_t;
    static const char *name() { return "feature_2_prelu2"; }
};
// feature_2_prelu2__dup
struct config52 {
    static const unsigned words = 128;
    static const char *name() { return "feature_2_prelu2__dup"; }
};
// mlp_layer_0_mlp_layer_0_move0
struct config53 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    typedef layer52_t::value_type in_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_0_move0"; }
};
// mlp_layer_0_mlp_layer_0_bn1
struct config54_gather {
    static const unsigned channels = 64, height = 4, width = 4, in_lanes = 8;
    static const unsigned simd = 64, shift_h = 1, shift_w = 1, global_h = 2;
    static const unsigned global_w = 2;
    static const bool interleaved = false;
    static const char *in_name() { return "mlp_layer_0_mlp_layer_0_bn1__gather_in"; }
    static const char *out_name() { return "mlp_layer_0_mlp_layer_0_bn1__gather_out"; }
};
struct config54 {
    static const unsigned mw = 192, mh = 64, simd = 64, pe = 8, pixels = 16, branches = 3;
    static const bool interleaved = false, has_valid = false, params_by_output = false;
    static const unsigned weight_word_bits = 32;
    typedef ap_int<10> acc_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<36,21> accum_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_0_bn1"; }
};
// mlp_layer_0_mlp_layer_0_add_2
struct config55 {
    static const unsigned channels = 64, pixels = 16, lanes = 8, offset_lanes = 8;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<29,18> accum_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_0_add_2"; }
};
// mlp_layer_0_mlp_layer_0_prelu
struct config56 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    typedef layer55_t::value_type in_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<67,37> accum_t;
    typedef ap_fixed<37,22> v_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_0_prelu"; }
};
// mlp_layer_0_mlp_layer_0_prelu__dup
struct config57 {
    static const unsigned words = 128;
    static const char *name() { return "mlp_layer_0_mlp_layer_0_prelu__dup"; }
};
// mlp_layer_0_mlp_layer_1_move0
struct config58 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    typedef layer57_t::value_type in_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_1_move0"; }
};
// mlp_layer_0_mlp_layer_1_bn1
struct config59_gather {
    static const unsigned channels = 64, height = 4, width = 4, in_lanes = 8;
    static const unsigned simd = 64, shift_h = 1, shift_w = 1, global_h = 2;
    static const unsigned global_w = 2;
    static const bool interleaved = false;
    static const char *in_name() { return "mlp_layer_0_mlp_layer_1_bn1__gather_in"; }
    static const char *out_name() { return "mlp_layer_0_mlp_layer_1_bn1__gather_out"; }
};
struct config59 {
    static const unsigned mw = 192, mh = 64, simd = 64, pe = 8, pixels = 16, branches = 3;
    static const bool interleaved = false, has_valid = false, params_by_output = false;
    static const unsigned weight_word_bits = 32;
    typedef ap_int<10> acc_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<36,21> accum_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_1_bn1"; }
};
// mlp_layer_0_mlp_layer_1_add_2
struct config60 {
    static const unsigned channels = 64, pixels = 16, lanes = 8, offset_lanes = 8;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<29,18> accum_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_1_add_2"; }
};
// mlp_layer_0_mlp_layer_1_prelu
struct config61 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    typedef layer60_t::value_type in_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<67,37> accum_t;
    typedef ap_fixed<37,22> v_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_1_prelu"; }
};
// mlp_layer_0_mlp_layer_1_prelu__dup
struct config62 {
    static const unsigned words = 128;
    static const char *name() { return "mlp_layer_0_mlp_layer_1_prelu__dup"; }
};
// mlp_layer_0_mlp_layer_2_move0
struct config63 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    typedef layer62_t::value_type in_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_2_move0"; }
};
// mlp_layer_0_mlp_layer_2_bn1
struct config64_gather {
    static const unsigned channels = 64, height = 4, width = 4, in_lanes = 8;
    static const unsigned simd = 64, shift_h = 1, shift_w = 1, global_h = 2;
    static const unsigned global_w = 2;
    static const bool interleaved = false;
    static const char *in_name() { return "mlp_layer_0_mlp_layer_2_bn1__gather_in"; }
    static const char *out_name() { return "mlp_layer_0_mlp_layer_2_bn1__gather_out"; }
};
struct config64 {
    static const unsigned mw = 192, mh = 64, simd = 64, pe = 8, pixels = 16, branches = 3;
    static const bool interleaved = false, has_valid = false, params_by_output = false;
    static const unsigned weight_word_bits = 32;
    typedef ap_int<10> acc_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<37,22> accum_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_2_bn1"; }
};
// mlp_layer_0_mlp_layer_2_add_2
struct config65 {
    static const unsigned channels = 64, pixels = 16, lanes = 8, offset_lanes = 8;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<29,18> accum_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_2_add_2"; }
};
// mlp_layer_0_mlp_layer_2_prelu
struct config66 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    typedef layer65_t::value_type in_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<67,37> accum_t;
    typedef ap_fixed<37,22> v_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_2_prelu"; }
};
// mlp_layer_0_mlp_layer_2_prelu__dup
struct config67 {
    static const unsigned words = 128;
    static const char *name() { return "mlp_layer_0_mlp_layer_2_prelu__dup"; }
};
// mlp_layer_0_mlp_layer_3_move0
struct config68 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    typedef layer67_t::value_type in_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_3_move0"; }
};
// mlp_layer_0_mlp_layer_3_move0__mlp_layer_0_mlp_layer_3_bn1__cvt
struct config69 {
    static const unsigned channels = 64, pixels = 16, in_lanes = 8, out_lanes = 64;
    typedef ap_uint<1> value_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_3_move0__mlp_layer_0_mlp_layer_3_bn1__cvt"; }
};
// mlp_layer_0_mlp_layer_3_bn1
struct config70 {
    static const unsigned mw = 64, mh = 64, simd = 64, pe = 8, pixels = 16, branches = 1;
    static const bool interleaved = false, has_valid = false, params_by_output = false;
    static const unsigned weight_word_bits = 32;
    typedef ap_int<9> acc_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<36,21> accum_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_3_bn1"; }
};
// mlp_layer_0_mlp_layer_3_add
struct config71 {
    static const unsigned channels = 64, pixels = 16, lanes = 8, offset_lanes = 8;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> a_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> b_t;
    typedef ap_fixed<16,7,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<29,18> accum_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_3_add"; }
};
// mlp_layer_0_mlp_layer_3_prelu
struct config72 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    typedef layer71_t::value_type in_t;
    typedef ap_fixed<16,7,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<68,38> accum_t;
    typedef ap_fixed<38,23> v_t;
    static const char *name() { return "mlp_layer_0_mlp_layer_3_prelu"; }
};
// pool1
struct config73 {
    static const unsigned channels = 64, pixels = 16, lanes = 8;
    static const unsigned recip_mantissa = 131072;
    static const int recip_frac = 21;
    typedef layer72_t::value_type in_t;
    typedef ap_fixed<16,6,AP_RND,AP_SAT> out_t;
    typedef ap_fixed<30,21> sum_t;
    static const char *name() { return "pool1"; }
};
// head
struct config74 {
    static const unsigned channels = 64, height = 1, width = 1, kernel = 1;
    static const unsigned stride = 1, pad = 0, groups = 1, out_channels = 10;
    static const unsigned in_lanes = 8, simd = 8, pe = 2;
    typedef layer73_t::value_type in_t;
    typedef wfix_74_t weight_t;
    typedef bias_74_t bias_t;
    typedef ap_fixed<59,34> accum_t;
    typedef ap_fixed<16,5,AP_RND,AP_SAT> out_t;
    static const char *name() { return "head"; }
};


#endif
