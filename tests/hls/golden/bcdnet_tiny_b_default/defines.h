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
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 4*1> layer2_t;
typedef ap_fixed<16,2> wfix_2_t;
typedef ap_fixed<16,1> bias_2_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 4*1> layer3_t_1;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 4*1> layer3_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer4_t;
typedef nnet::array<ap_fixed<16,2,AP_RND,AP_SAT,0>, 1*1> layer5_t_1;
typedef ap_fixed<16,1> w1_5_t;
typedef ap_fixed<16,1> w2_5_t;
typedef nnet::array<ap_uint<8>, 1*1> layer5_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer6_t;
typedef ap_uint<32> wbits_6_t;
typedef ap_fixed<16,1> p0_6_t;
typedef ap_fixed<16,1> p1_6_t;
typedef nnet::array<ap_fixed<16,2,AP_RND,AP_SAT,0>, 4*1> layer7_t;
typedef ap_fixed<16,1> wfix_7_t;
typedef ap_fixed<2,2> bias_7_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer8_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer9_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer10_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer11_t;
typedef ap_fixed<16,1> p0_11_t;
typedef ap_fixed<16,1> p1_11_t;
typedef ap_fixed<16,1> p2_11_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer12_t_2;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer12_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer12_t_1;
typedef nnet::array<ap_fixed<16,2,AP_RND,AP_SAT,0>, 1*1> layer13_t_1;
typedef ap_fixed<16,1> w1_13_t;
typedef ap_fixed<16,1> w2_13_t;
typedef nnet::array<ap_uint<8>, 1*1> layer13_t;
typedef nnet::array<ap_uint<8>, 1*1> layer14_t_1;
typedef nnet::array<ap_uint<8>, 1*1> layer14_t;
typedef nnet::array<ap_fixed<16,2,AP_RND,AP_SAT,0>, 1*1> layer15_t_1;
typedef nnet::array<ap_fixed<16,2,AP_RND,AP_SAT,0>, 1*1> layer15_t;
typedef nnet::array<ap_uint<16>, 1*1> layer16_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer17_t;
typedef ap_uint<16> wbits_17_t;
typedef ap_fixed<16,1> p0_17_t;
typedef ap_fixed<16,1> p1_17_t;
typedef nnet::array<ap_fixed<16,2,AP_RND,AP_SAT,0>, 4*1> layer18_t;
typedef ap_fixed<16,1> wfix_18_t;
typedef ap_fixed<2,2> bias_18_t;
typedef nnet::array<ap_fixed<16,4,AP_RND,AP_SAT,0>, 8*1> layer19_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer20_t;
typedef nnet::array<ap_uint<16>, 1*1> layer21_t;
typedef nnet::array<ap_fixed<16,4,AP_RND,AP_SAT,0>, 8*1> layer22_t;
typedef ap_uint<16> wbits_22_t;
typedef ap_fixed<16,1> p0_22_t;
typedef ap_fixed<16,1> p1_22_t;
typedef nnet::array<ap_fixed<16,2,AP_RND,AP_SAT,0>, 4*1> layer23_t;
typedef ap_fixed<16,2> wfix_23_t;
typedef ap_fixed<2,2> bias_23_t;
typedef nnet::array<ap_fixed<16,4,AP_RND,AP_SAT,0>, 8*1> layer24_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer25_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer26_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer27_t;
typedef ap_fixed<16,1> p0_27_t;
typedef ap_fixed<16,1> p1_27_t;
typedef ap_fixed<16,1> p2_27_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer28_t_1;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer28_t;
typedef nnet::array<ap_fixed<16,3,AP_RND,AP_SAT,0>, 1*1> layer29_t_1;
typedef ap_fixed<16,1> w1_29_t;
typedef ap_fixed<16,1> w2_29_t;
typedef nnet::array<ap_uint<8>, 1*1> layer29_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer30_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer31_t;
typedef ap_uint<32> wbits_31_t;
typedef ap_fixed<16,1> p0_31_t;
typedef ap_fixed<16,1> p1_31_t;
typedef nnet::array<ap_fixed<16,2,AP_RND,AP_SAT,0>, 4*1> layer32_t;
typedef ap_fixed<16,1> wfix_32_t;
typedef ap_fixed<2,2> bias_32_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer33_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer34_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer35_t;
typedef ap_fixed<16,1> p0_35_t;
typedef ap_fixed<16,1> p1_35_t;
typedef ap_fixed<16,1> p2_35_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer36_t_2;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer36_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer36_t_1;
typedef nnet::array<ap_fixed<16,3,AP_RND,AP_SAT,0>, 1*1> layer37_t_1;
typedef ap_fixed<16,1> w1_37_t;
typedef ap_fixed<16,1> w2_37_t;
typedef nnet::array<ap_uint<8>, 1*1> layer37_t;
typedef nnet::array<ap_uint<8>, 1*1> layer38_t_1;
typedef nnet::array<ap_uint<8>, 1*1> layer38_t;
typedef nnet::array<ap_fixed<16,3,AP_RND,AP_SAT,0>, 1*1> layer39_t_1;
typedef nnet::array<ap_fixed<16,3,AP_RND,AP_SAT,0>, 1*1> layer39_t;
typedef nnet::array<ap_uint<32>, 1*1> layer40_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer41_t;
typedef ap_uint<32> wbits_41_t;
typedef ap_fixed<16,1> p0_41_t;
typedef ap_fixed<16,1> p1_41_t;
typedef nnet::array<ap_fixed<16,3,AP_RND,AP_SAT,0>, 4*1> layer42_t;
typedef ap_fixed<16,1> wfix_42_t;
typedef ap_fixed<2,2> bias_42_t;
typedef nnet::array<ap_fixed<16,4,AP_RND,AP_SAT,0>, 8*1> layer43_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer44_t;
typedef nnet::array<ap_uint<32>, 1*1> layer45_t;
typedef nnet::array<ap_fixed<16,4,AP_RND,AP_SAT,0>, 8*1> layer46_t;
typedef ap_uint<32> wbits_46_t;
typedef ap_fixed<16,1> p0_46_t;
typedef ap_fixed<16,2> p1_46_t;
typedef nnet::array<ap_fixed<16,4,AP_RND,AP_SAT,0>, 4*1> layer47_t;
typedef ap_fixed<16,1> wfix_47_t;
typedef ap_fixed<2,2> bias_47_t;
typedef nnet::array<ap_fixed<16,4,AP_RND,AP_SAT,0>, 8*1> layer48_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer49_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer50_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer51_t;
typedef ap_fixed<16,1> p0_51_t;
typedef ap_fixed<16,1> p1_51_t;
typedef ap_fixed<16,1> p2_51_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer52_t_1;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer52_t;
typedef nnet::array<ap_uint<8>, 1*1> layer53_t;
typedef ap_fixed<12,2> p0_53_t;
typedef ap_uint<1> p1_53_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer54_t;
typedef ap_uint<32> wbits_54_t;
typedef ap_fixed<16,1> p0_54_t;
typedef ap_fixed<16,1> p1_54_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer55_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer56_t;
typedef ap_fixed<16,1> p0_56_t;
typedef ap_fixed<16,1> p1_56_t;
typedef ap_fixed<16,1> p2_56_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer57_t_1;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer57_t;
typedef nnet::array<ap_uint<8>, 1*1> layer58_t;
typedef ap_fixed<12,2> p0_58_t;
typedef ap_uint<1> p1_58_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer59_t;
typedef ap_uint<32> wbits_59_t;
typedef ap_fixed<16,1> p0_59_t;
typedef ap_fixed<16,2> p1_59_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer60_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer61_t;
typedef ap_fixed<16,1> p0_61_t;
typedef ap_fixed<16,1> p1_61_t;
typedef ap_fixed<16,1> p2_61_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer62_t_1;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer62_t;
typedef nnet::array<ap_uint<8>, 1*1> layer63_t;
typedef ap_fixed<12,2> p0_63_t;
typedef ap_uint<1> p1_63_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer64_t;
typedef ap_uint<32> wbits_64_t;
typedef ap_fixed<16,1> p0_64_t;
typedef ap_fixed<16,2> p1_64_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer65_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer66_t;
typedef ap_fixed<16,1> p0_66_t;
typedef ap_fixed<16,1> p1_66_t;
typedef ap_fixed<16,1> p2_66_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer67_t_1;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer67_t;
typedef nnet::array<ap_uint<8>, 1*1> layer68_t;
typedef ap_fixed<12,2> p0_68_t;
typedef ap_uint<1> p1_68_t;
typedef nnet::array<ap_uint<64>, 1*1> layer69_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 8*1> layer70_t;
typedef ap_uint<32> wbits_70_t;
typedef ap_fixed<16,1> p0_70_t;
typedef ap_fixed<16,2> p1_70_t;
typedef nnet::array<ap_fixed<16,7,AP_RND,AP_SAT,0>, 8*1> layer71_t;
typedef nnet::array<ap_fixed<16,7,AP_RND,AP_SAT,0>, 8*1> layer72_t;
typedef ap_fixed<16,1> p0_72_t;
typedef ap_fixed<16,1> p1_72_t;
typedef ap_fixed<16,1> p2_72_t;
typedef nnet::array<ap_fixed<16,6,AP_RND,AP_SAT,0>, 8*1> layer73_t;
typedef nnet::array<ap_fixed<16,5,AP_RND,AP_SAT,0>, 2*1> result_t;
typedef ap_fixed<16,1> wfix_74_t;
typedef ap_fixed<16,1> bias_74_t;

// hls-fpga-machine-learning insert emulator-defines


#endif
