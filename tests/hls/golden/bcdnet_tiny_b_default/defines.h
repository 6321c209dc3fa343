#ifndef AP_INT_MAX_W
#define AP_INT_MAX_W 4096 // Vitis HLS's limit, before any ap_int include
#endif
#ifndef DEFINES_H_
#define DEFINES_H_

#include "ap_fixed.h"
#include "ap_int.h"
#include "nnet_utils/nnet_types.h"
#include <array>
#include <cstddef>
#include <cstdio>
#include <tuple>
#include <tuple>


// hls-fpga-machine-learning insert numbers

// hls-fpga-machine-learning insert layer-precision
typedef nnet::array<ap_fixed<16,3,AP_RND,AP_SAT,0>, 1*1> input_t;
typedef nnet::array<ap_fixed<16,3,AP_RND,AP_SAT,0>, 3*1> layer2_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer3_t;
typedef ap_fixed<16,2> wfix_3_t;
typedef ap_fixed<16,1> bias_3_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer4_t_1;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer4_t;
typedef nnet::array<ap_fixed<16,2,AP_RND,AP_SAT,0>, 1*1> layer5_t_1;
typedef ap_fixed<16,1> w1_5_t;
typedef ap_fixed<16,1> w2_5_t;
typedef nnet::array<ap_uint<8>, 1*1> layer5_t;
typedef nnet::array<ap_uint<16>, 1*1> layer6_t;
typedef nnet::array<ap_uint<96>, 1*1> layer7_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 16*1> layer8_t;
typedef ap_uint<24> wbits_8_t;
typedef ap_fixed<16,1> p0_8_t;
typedef ap_fixed<16,1> p1_8_t;
typedef nnet::array<ap_fixed<16,2,AP_RND,AP_SAT,0>, 4*1> layer9_t;
typedef nnet::array<ap_fixed<16,2,AP_RND,AP_SAT,0>, 8*1> layer10_t;
typedef ap_fixed<16,1> wfix_10_t;
typedef ap_uint<1> bias_10_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer11_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer12_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer13_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer14_t;
typedef ap_fixed<16,1> p0_14_t;
typedef ap_fixed<16,1> p1_14_t;
typedef ap_fixed<16,1> p2_14_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer15_t_2;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer15_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer15_t_1;
typedef nnet::array<ap_fixed<16,2,AP_RND,AP_SAT,0>, 1*1> layer16_t_1;
typedef ap_fixed<16,1> w1_16_t;
typedef ap_fixed<16,1> w2_16_t;
typedef nnet::array<ap_uint<8>, 1*1> layer16_t;
typedef nnet::array<ap_fixed<16,2,AP_RND,AP_SAT,0>, 1*1> layer17_t_1;
typedef nnet::array<ap_fixed<16,2,AP_RND,AP_SAT,0>, 1*1> layer17_t;
typedef nnet::array<ap_uint<8>, 1*1> layer18_t_1;
typedef nnet::array<ap_uint<8>, 1*1> layer18_t;
typedef nnet::array<ap_uint<16>, 1*1> layer19_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 16*1> layer20_t;
typedef ap_uint<16> wbits_20_t;
typedef ap_fixed<16,1> p0_20_t;
typedef ap_fixed<16,1> p1_20_t;
typedef nnet::array<ap_fixed<16,2,AP_RND,AP_SAT,0>, 4*1> layer21_t;
typedef nnet::array<ap_fixed<16,2,AP_RND,AP_SAT,0>, 8*1> layer22_t;
typedef ap_fixed<16,1> wfix_22_t;
typedef ap_uint<1> bias_22_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer23_t;
typedef nnet::array<ap_fixed<16,4,AP_RND,AP_SAT,0>, 8*1> layer24_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer25_t;
typedef nnet::array<ap_uint<16>, 1*1> layer26_t;
typedef nnet::array<ap_fixed<16,4,AP_RND,AP_SAT,0>, 16*1> layer27_t;
typedef ap_uint<16> wbits_27_t;
typedef ap_fixed<16,1> p0_27_t;
typedef ap_fixed<16,1> p1_27_t;
typedef nnet::array<ap_fixed<16,2,AP_RND,AP_SAT,0>, 4*1> layer28_t;
typedef nnet::array<ap_fixed<16,2,AP_RND,AP_SAT,0>, 8*1> layer29_t;
typedef ap_fixed<16,2> wfix_29_t;
typedef ap_uint<1> bias_29_t;
typedef nnet::array<ap_fixed<16,4,AP_RND,AP_SAT,0>, 8*1> layer30_t;
typedef nnet::array<ap_fixed<16,4,AP_RND,AP_SAT,0>, 8*1> layer31_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer32_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer33_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer34_t;
typedef ap_fixed<16,1> p0_34_t;
typedef ap_fixed<16,1> p1_34_t;
typedef ap_fixed<16,1> p2_34_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer35_t_1;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer35_t;
typedef nnet::array<ap_fixed<16,3,AP_RND,AP_SAT,0>, 1*1> layer36_t_1;
typedef ap_fixed<16,1> w1_36_t;
typedef ap_fixed<16,1> w2_36_t;
typedef nnet::array<ap_uint<8>, 1*1> layer36_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer37_t;
typedef nnet::array<ap_uint<32>, 1*1> layer38_t;
typedef nnet::array<ap_uint<64>, 1*1> layer39_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 16*1> layer40_t;
typedef ap_uint<32> wbits_40_t;
typedef ap_fixed<16,1> p0_40_t;
typedef ap_fixed<16,1> p1_40_t;
typedef nnet::array<ap_fixed<16,3,AP_RND,AP_SAT,0>, 8*1> layer41_t;
typedef nnet::array<ap_fixed<16,2,AP_RND,AP_SAT,0>, 8*1> layer42_t;
typedef ap_fixed<16,1> wfix_42_t;
typedef ap_uint<1> bias_42_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer43_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer44_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer45_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer46_t;
typedef ap_fixed<16,1> p0_46_t;
typedef ap_fixed<16,1> p1_46_t;
typedef ap_fixed<16,1> p2_46_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer47_t_2;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer47_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer47_t_1;
typedef nnet::array<ap_fixed<16,3,AP_RND,AP_SAT,0>, 1*1> layer48_t_1;
typedef ap_fixed<16,1> w1_48_t;
typedef ap_fixed<16,1> w2_48_t;
typedef nnet::array<ap_uint<8>, 1*1> layer48_t;
typedef nnet::array<ap_fixed<16,3,AP_RND,AP_SAT,0>, 1*1> layer49_t_1;
typedef nnet::array<ap_fixed<16,3,AP_RND,AP_SAT,0>, 1*1> layer49_t;
typedef nnet::array<ap_uint<8>, 1*1> layer50_t_1;
typedef nnet::array<ap_uint<8>, 1*1> layer50_t;
typedef nnet::array<ap_uint<32>, 1*1> layer51_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 16*1> layer52_t;
typedef ap_uint<32> wbits_52_t;
typedef ap_fixed<16,1> p0_52_t;
typedef ap_fixed<16,1> p1_52_t;
typedef nnet::array<ap_fixed<16,3,AP_RND,AP_SAT,0>, 8*1> layer53_t;
typedef nnet::array<ap_fixed<16,3,AP_RND,AP_SAT,0>, 8*1> layer54_t;
typedef ap_fixed<16,1> wfix_54_t;
typedef ap_uint<1> bias_54_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer55_t;
typedef nnet::array<ap_fixed<16,4,AP_RND,AP_SAT,0>, 8*1> layer56_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer57_t;
typedef nnet::array<ap_uint<32>, 1*1> layer58_t;
typedef nnet::array<ap_fixed<16,4,AP_RND,AP_SAT,0>, 16*1> layer59_t;
typedef ap_uint<32> wbits_59_t;
typedef ap_fixed<16,1> p0_59_t;
typedef ap_fixed<16,2> p1_59_t;
typedef nnet::array<ap_fixed<16,3,AP_RND,AP_SAT,0>, 8*1> layer60_t;
typedef nnet::array<ap_fixed<16,4,AP_RND,AP_SAT,0>, 8*1> layer61_t;
typedef ap_fixed<16,1> wfix_61_t;
typedef ap_uint<1> bias_61_t;
typedef nnet::array<ap_fixed<16,4,AP_RND,AP_SAT,0>, 8*1> layer62_t;
typedef nnet::array<ap_fixed<16,4,AP_RND,AP_SAT,0>, 8*1> layer63_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer64_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer65_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer66_t;
typedef ap_fixed<16,1> p0_66_t;
typedef ap_fixed<16,1> p1_66_t;
typedef ap_fixed<16,1> p2_66_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer67_t_1;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer67_t;
typedef nnet::array<ap_uint<8>, 1*1> layer68_t;
typedef ap_fixed<17,7> p0_68_t;
typedef ap_uint<1> p1_68_t;
typedef nnet::array<ap_uint<16>, 1*1> layer69_t;
typedef nnet::array<ap_uint<16>, 1*1> layer70_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 16*1> layer71_t;
typedef ap_uint<16> wbits_71_t;
typedef ap_fixed<16,1> p0_71_t;
typedef ap_fixed<16,1> p1_71_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer72_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer73_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer74_t;
typedef ap_fixed<16,1> p0_74_t;
typedef ap_fixed<16,1> p1_74_t;
typedef ap_fixed<16,1> p2_74_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer75_t_1;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer75_t;
typedef nnet::array<ap_uint<8>, 1*1> layer76_t;
typedef ap_fixed<17,7> p0_76_t;
typedef ap_uint<1> p1_76_t;
typedef nnet::array<ap_uint<16>, 1*1> layer77_t;
typedef nnet::array<ap_uint<16>, 1*1> layer78_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 16*1> layer79_t;
typedef ap_uint<16> wbits_79_t;
typedef ap_fixed<16,1> p0_79_t;
typedef ap_fixed<16,2> p1_79_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer80_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer81_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer82_t;
typedef ap_fixed<16,1> p0_82_t;
typedef ap_fixed<16,1> p1_82_t;
typedef ap_fixed<16,1> p2_82_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer83_t_1;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer83_t;
typedef nnet::array<ap_uint<8>, 1*1> layer84_t;
typedef ap_fixed<17,7> p0_84_t;
typedef ap_uint<1> p1_84_t;
typedef nnet::array<ap_uint<16>, 1*1> layer85_t;
typedef nnet::array<ap_uint<16>, 1*1> layer86_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 16*1> layer87_t;
typedef ap_uint<16> wbits_87_t;
typedef ap_fixed<16,1> p0_87_t;
typedef ap_fixed<16,2> p1_87_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer88_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer89_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer90_t;
typedef ap_fixed<16,1> p0_90_t;
typedef ap_fixed<16,1> p1_90_t;
typedef ap_fixed<16,1> p2_90_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer91_t_1;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer91_t;
typedef nnet::array<ap_uint<8>, 1*1> layer92_t;
typedef ap_fixed<17,7> p0_92_t;
typedef ap_uint<1> p1_92_t;
typedef nnet::array<ap_uint<64>, 1*1> layer93_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 16*1> layer94_t;
typedef ap_uint<32> wbits_94_t;
typedef ap_fixed<16,1> p0_94_t;
typedef ap_fixed<16,2> p1_94_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer95_t;
typedef nnet::array<ap_fixed<16,7,AP_RND,AP_SAT,0>, 8*1> layer96_t;
typedef nnet::array<ap_fixed<16,7,AP_RND,AP_SAT,0>, 8*1> layer97_t;
typedef ap_fixed<16,1> p0_97_t;
typedef ap_fixed<16,1> p1_97_t;
typedef ap_fixed<16,1> p2_97_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer98_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 5*1> result_t;
typedef ap_fixed<16,1> wfix_99_t;
typedef ap_fixed<16,1> bias_99_t;

// hls-fpga-machine-learning insert emulator-defines


#endif
